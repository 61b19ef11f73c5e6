import { describe, expect, it } from "vitest";
import {
  blockedReason,
  checkContract,
  type FoundArtifact,
  formatJsonPath,
  formatProblem,
} from "../../ccw/src/coordinator/contract-check.js";
import { ARTIFACT_SAMPLES } from "../../ccw/src/dev/model-server/artifact-samples.js";
import { ARTIFACT_SHAPE_CATALOG } from "../../ccw/src/tools/registry/artifact-shape-catalog.js";
import { parseWritesSection } from "../../ccw/src/tools/registry/prompt-writes.js";

const parsed = parseWritesSection(
  [
    "## Writes",
    "- `$ARTIFACT_DIR/plan.json` — on success. The plan, shape `ccw-plan/1`.",
    "- `$ARTIFACT_DIR/plan.md` — on success. For people.",
    "- `$ARTIFACT_DIR/log.md` — always. The log.",
    "- `$ARTIFACT_DIR/extra.json` — optional. Anything JSON.",
    "- `$ARTIFACT_DIR/plans/<id>.json` — on success. Plans, shape `ccw-plan/1`.",
    "- `$ARTIFACT_DIR/error.json` — when blocked. Why, shape `ccw-error/1`.",
  ].join("\n"),
);
if (!parsed.ok || !parsed.contract) throw new Error("fixture contract");
const contract = parsed.contract;

const PLAN = JSON.stringify(ARTIFACT_SAMPLES["ccw-plan/1"]);
const ERROR = JSON.stringify(ARTIFACT_SAMPLES["ccw-error/1"]);

/** The contract's files as found: `files` maps artifact paths to texts. */
function found(files: Record<string, string>): FoundArtifact[] {
  return contract.artifacts.map((artifact) => ({
    artifact,
    files: Object.entries(files)
      .filter(([name]) => (artifact.pattern ? name.startsWith("plans/") : name === artifact.path))
      .map(([name, text]) => ({ path: name, text })),
  }));
}

const check = (files: Record<string, string>) =>
  checkContract(found(files), ARTIFACT_SHAPE_CATALOG);
const messages = (files: Record<string, string>) => {
  const outcome = check(files);
  return outcome.outcome === "failed" ? outcome.problems.map(formatProblem) : outcome.outcome;
};

describe("checkContract", () => {
  it("passes when every on-success and always file is there and valid", () => {
    expect(check({ "plan.json": PLAN, "plan.md": "# Plan", "log.md": "x" })).toEqual({
      outcome: "passed",
      checked: ["plan.json", "plan.md", "log.md"],
    });
  });

  it.each([
    [
      "nothing written",
      {},
      [
        "plan.json: expected the file (on success, shape ccw-plan/1), found no such file",
        "plan.md: expected the file (on success), found no such file",
        "log.md: expected the file (always), found no such file",
      ],
    ],
    [
      "an empty Markdown file",
      { "plan.json": PLAN, "plan.md": " \n", "log.md": "x" },
      ["plan.md: expected a file that is not empty, found an empty file"],
    ],
    [
      "JSON that does not parse",
      { "plan.json": '{"schema": "ccw-plan/1",', "plan.md": "x", "log.md": "x" },
      [
        'plan.json: expected valid JSON, found Expected double-quoted property name in JSON at position 24: {"schema": "ccw-plan/1",',
      ],
    ],
    [
      "{} as the plan",
      { "plan.json": "{}", "plan.md": "x", "log.md": "x" },
      [
        'plan.json: schema: expected one of "ccw-plan/1", found nothing (the field is missing)',
        "plan.json: producer: expected a string, found nothing (the field is missing)",
        "plan.json: task: expected a string, found nothing (the field is missing)",
        "plan.json: summary: expected a string, found nothing (the field is missing)",
        'plan.json: depth: expected one of "standard", "deep", found nothing (the field is missing)',
        "plan.json: assumptions: expected an array, found nothing (the field is missing)",
        "plan.json: context: expected an array, found nothing (the field is missing)",
        "plan.json: steps: expected an array, found nothing (the field is missing)",
        "plan.json: checks: expected an array, found nothing (the field is missing)",
        "plan.json: risks: expected an array, found nothing (the field is missing)",
        "plan.json: out_of_scope: expected an array, found nothing (the field is missing)",
      ],
    ],
    [
      "a plan with wrong values deep inside",
      {
        "plan.json": JSON.stringify({
          ...ARTIFACT_SAMPLES["ccw-plan/1"],
          depth: "shallow",
          steps: [{ ...ARTIFACT_SAMPLES["ccw-plan/1"].steps[0], verification: [], owner: "me" }],
        }),
        "plan.md": "x",
        "log.md": "x",
      },
      [
        'plan.json: depth: expected one of "standard", "deep", found "shallow"',
        "plan.json: steps[0].verification: expected at least 1 item, found []",
        "plan.json: steps[0]: expected only the fields the shape defines, found unknown field owner",
      ],
    ],
    [
      "an optional file that is there but broken, and a bad file of a pattern",
      {
        "plan.json": PLAN,
        "plan.md": "x",
        "log.md": "x",
        "extra.json": "nope",
        "plans/ISS-001.json": '{"schema":"ccw-plan/1"}',
      },
      [
        expect.stringMatching(/^extra\.json: expected valid JSON, found Unexpected token/),
        expect.stringMatching(/^plans\/ISS-001\.json: producer: expected a string/),
      ],
    ],
  ])("names every problem: %s", (_what, files, expected) => {
    const result = messages(files);
    // The last case lists only the first problem of each file; the others list all of them.
    expect(result).toEqual(
      _what.startsWith("an optional") ? expect.arrayContaining(expected) : expected,
    );
  });

  it("shortens what it found to 80 characters", () => {
    const long = JSON.stringify({
      ...ARTIFACT_SAMPLES["ccw-plan/1"],
      summary: 7,
      assumptions: ["a".repeat(200)],
      context: "x".repeat(300),
    });
    const result = messages({ "plan.json": long, "plan.md": "x", "log.md": "x" });
    expect(result).toEqual([
      "plan.json: summary: expected a string, found 7",
      `plan.json: context: expected an array, found "${"x".repeat(78)}…`,
    ]);
  });

  it("is blocked with the model's reason when the when-blocked file is there and valid", () => {
    expect(check({ "error.json": ERROR, "log.md": "x" })).toEqual({
      outcome: "blocked",
      checked: ["log.md", "error.json"],
      reason: "input-invalid: The task names a file that does not exist.",
      file: "error.json",
    });
  });

  it("is not blocked by an invalid error.json: that is a problem to repair", () => {
    expect(
      messages({ "error.json": '{"schema":"ccw-error/1","reason":"tired"}', "log.md": "x" }),
    ).toEqual(
      expect.arrayContaining([
        'error.json: reason: expected one of "previous-step-blocked", "input-missing", "input-invalid", "workspace-unusable", found "tired"',
      ]),
    );
  });

  it("still wants the always files when blocked", () => {
    expect(messages({ "error.json": ERROR })).toEqual([
      "log.md: expected the file (always), found no such file",
    ]);
  });
});

describe("helpers", () => {
  it.each([
    [[], ""],
    [["steps", 0, "verification"], "steps[0].verification"],
    [["a-b", 2], '["a-b"][2]'],
  ] as const)("formatJsonPath(%j) is %j", (path, text) => {
    expect(formatJsonPath(path)).toBe(text);
  });

  it("takes the reason from error.json, else the text", () => {
    expect(blockedReason('{"message":"no plan"}')).toBe("no plan");
    expect(blockedReason("I could not do it.\n")).toBe("I could not do it.");
  });
});
