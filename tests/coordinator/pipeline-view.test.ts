import { describe, expect, it } from "vitest";
import { expectedArtifacts, renderPipeline } from "../../ccw/src/coordinator/pipeline-view.js";
import { createStyler } from "../../ccw/src/output.js";
import { plannedSession } from "../helpers/session-fixture.js";

const plain = createStyler({ isTTY: false }, {});

describe("renderPipeline", () => {
  it("marks units with 【 】, names them, and lists each step's args and artifacts", () => {
    const state = plannedSession();
    const dir = "/work/project/.workflow/.codex-coordinator/codex-coord-20261121-143025-7f3a";
    state.command_chain[0] = {
      ...state.command_chain[0],
      args: { TASK: state.intent, DEPTH: "standard" },
    } as never;
    state.command_chain[1] = {
      ...state.command_chain[1],
      args: { TASK: state.intent, PREV_ARTIFACT_DIR: `${dir}/steps/01-lite-plan-a/artifacts` },
    } as never;
    const expected = new Map([
      [0, ["plan.json"]],
      [1, ["code changes"]],
    ]);
    expect(renderPipeline(state, { expected }, plain)).toBe(
      [
        "codex-coord-20261121-143025-7f3a · feature · medium",
        "intent →【lite-plan-a → execute】→ code",
        "         └ Quick Implementation ┘",
        '  1  lite-plan-a  planning   TASK="Add rate limiting to the login API"  → plan.json',
        "  2  execute      execution  PREV_ARTIFACT_DIR=<artifacts of step 1>    → code changes",
        "  checks: each step's declared artifacts are checked; up to 1 repair turn per attempt",
        "",
      ].join("\n"),
    );
  });

  it("names --verify commands and --max-repairs 0 in its checks line", () => {
    const state = plannedSession();
    state.options = { ...state.options, max_repairs: 0, verify: ["npm test", "npm run lint"] };
    expect(renderPipeline(state, { expected: new Map() }, plain).split("\n").at(-2)).toBe(
      "  checks: each step's declared artifacts are checked; no repair turns (--max-repairs 0); after each unit: `npm test`, `npm run lint`",
    );
  });

  it("says when no rule matched and the task type is only assumed", () => {
    const state = plannedSession();
    state.analysis = { ...state.analysis, signals: [], assumed: true };
    const lines = renderPipeline(state, { expected: new Map() }, plain).split("\n");
    expect(lines[3]).toBe(
      "no rule matched: assumed feature (check the chain, or name one with --chain)",
    );
    expect(renderPipeline(plannedSession(), { expected: new Map() }, plain)).not.toContain(
      "no rule matched",
    );
  });

  it("lays out several units one after the other", () => {
    const state = plannedSession({
      units: [
        { id: "cleanup", name: "Cleanup", steps: [0], status: "pending" },
        { id: "analyze-with-file", name: "Analyze With File", steps: [1], status: "pending" },
      ],
    });
    state.command_chain = [
      {
        index: 0,
        command: "clean",
        unit: "cleanup",
        category: "cleanup",
        args: {},
        status: "pending",
        attempts: 0,
      },
      {
        index: 1,
        command: "analyze-with-file",
        unit: "analyze-with-file",
        category: "analysis",
        args: {},
        status: "pending",
        attempts: 0,
      },
    ];
    const [, chain, names] = renderPipeline(state, { expected: new Map() }, plain).split("\n");
    expect(chain).toBe("intent →【clean】→【analyze-with-file】→ analysis");
    expect(names).toBe("         └ Cleanup ┘ └ Analyze With File ┘");
  });
});

describe("expectedArtifacts", () => {
  const body = [
    "## Writes",
    "",
    "- `$ARTIFACT_DIR/plan.json` — on success. The plan.",
    "- `$ARTIFACT_DIR/plan.md` — on success. For people.",
    "- `$ARTIFACT_DIR/error.json` — when blocked. Why.",
    "",
    "## Steps",
    "- `$ARTIFACT_DIR/other.json` — not in Writes",
  ].join("\n");

  it("lists the files a prompt writes on success", () => {
    expect(expectedArtifacts(body, "planning")).toEqual(["plan.json", "plan.md"]);
  });

  it("adds code changes for steps that change the workspace", () => {
    expect(expectedArtifacts(body, "execution")).toEqual(["code changes", "plan.json", "plan.md"]);
  });

  it("names what the step's unit edits, when the unit is known", () => {
    expect(expectedArtifacts(body, "execution", "docs")).toEqual([
      "documentation",
      "plan.json",
      "plan.md",
    ]);
    expect(expectedArtifacts(body, "execution", "tests")[0]).toBe("test files");
    expect(expectedArtifacts(body, "execution", "code")[0]).toBe("code changes");
    expect(expectedArtifacts(body, "planning", "code")).toEqual(["plan.json", "plan.md"]);
  });
});
