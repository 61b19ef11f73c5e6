import path from "node:path";
import { describe, expect, it } from "vitest";
import { CodexPromptRegistry } from "../../../ccw/src/tools/codex-prompt-registry.js";
import {
  artifactPattern,
  describeContract,
  parseWritesSection,
} from "../../../ccw/src/tools/registry/prompt-writes.js";
import { ARTIFACT_SHAPES } from "../../prompt-pack/artifact-shapes.js";
import { loadPack, REPO_ROOT, relativeTo } from "../../prompt-pack/pack.js";

const pack = loadPack();

describe("the Writes section of every prompt of the pack", () => {
  it.each(pack.map((prompt) => [prompt.name, prompt] as const))(
    "%s parses into its contract",
    (_name, prompt) => {
      const parsed = parseWritesSection(prompt.raw);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      const contract = parsed.contract;
      expect(contract).toBeDefined();
      // The same files, in the same order, with the same qualifiers as the pack's own reader.
      expect(contract?.artifacts.map((a) => [a.path, a.when])).toEqual(
        prompt.writes.map((entry) => [relativeTo(entry, "ARTIFACT_DIR"), entry.qualifier]),
      );
      for (const artifact of contract?.artifacts ?? []) {
        // Each line number points at the line that declares the file.
        expect(prompt.raw.split("\n")[artifact.line - 1]).toContain(
          `$ARTIFACT_DIR/${artifact.path}\``,
        );
        if (artifact.format === "json" && artifact.shape !== undefined) {
          // A named shape is the shape the pack's examples of that file are checked with.
          expect(ARTIFACT_SHAPES[artifact.path]).toBeDefined();
        }
      }
      // Every JSON file a prompt blocks with is a ccw-error/1 error.json.
      const blocked = contract?.artifacts.filter((a) => a.when === "when blocked") ?? [];
      expect(blocked.map((a) => [a.path, a.shape])).toEqual([["error.json", "ccw-error/1"]]);
    },
  );

  it("every prompt declares at least one JSON artifact with a shape on success", () => {
    for (const prompt of pack) {
      const parsed = parseWritesSection(prompt.raw);
      const shaped = parsed.ok
        ? parsed.contract?.artifacts.filter((a) => a.when === "on success" && a.shape !== undefined)
        : [];
      expect(shaped?.length, prompt.name).toBeGreaterThan(0);
    }
  });
});

const body = (...lines: string[]) =>
  ["# T", "", "## Writes", "", ...lines, "", "## Steps", "- `$ARTIFACT_DIR/x` — nonsense"].join(
    "\n",
  );

describe("parseWritesSection", () => {
  it("reads when, format, shape and patterns", () => {
    const parsed = parseWritesSection(
      body(
        "- `$ARTIFACT_DIR/plan.json` — on success. The plan, shape `ccw-plan/1` (below).",
        "- `$ARTIFACT_DIR/notes.md` — always. Notes.",
        "- `$ARTIFACT_DIR/plans/<issue-id>.json` — optional. Plans, shape `ccw-plan/1`.",
        "- `$ARTIFACT_DIR/raw.json` — on success. Anything JSON.",
        "- `$ARTIFACT_DIR/error.json` — when blocked. Why (shape `ccw-error/1`).",
        "- The workspace: prose, not a file entry.",
      ),
      1,
    );
    expect(parsed).toEqual({
      ok: true,
      contract: {
        line: 3,
        artifacts: [
          {
            path: "plan.json",
            when: "on success",
            format: "json",
            shape: "ccw-plan/1",
            pattern: false,
            line: 5,
          },
          { path: "notes.md", when: "always", format: "markdown", pattern: false, line: 6 },
          {
            path: "plans/<issue-id>.json",
            when: "optional",
            format: "json",
            shape: "ccw-plan/1",
            pattern: true,
            line: 7,
          },
          { path: "raw.json", when: "on success", format: "json", pattern: false, line: 8 },
          {
            path: "error.json",
            when: "when blocked",
            format: "json",
            shape: "ccw-error/1",
            pattern: false,
            line: 9,
          },
        ],
      },
    });
  });

  it("has no contract without a Writes section, or with one only inside a code block", () => {
    expect(parseWritesSection("# T\n\n## Steps\n")).toEqual({ ok: true, contract: undefined });
    expect(
      parseWritesSection("```text\n## Writes\n- `$ARTIFACT_DIR/a.md` — always. A.\n```\n"),
    ).toEqual({
      ok: true,
      contract: undefined,
    });
  });

  it.each([
    [
      "- `$ARTIFACT_DIR/out.json` — sometimes. An unknown qualifier.",
      '$ARTIFACT_DIR/out.json: expected " — " then on success, when blocked, always or optional, and a full stop; found "sometimes"',
    ],
    [
      "- `$ARTIFACT_DIR/out.json` - on success. A hyphen.",
      '$ARTIFACT_DIR/out.json: expected " — " then on success, when blocked, always or optional, and a full stop; found "- on success. A hyphen."',
    ],
    [
      "- `$ARTIFACT_DIR/out.json` — on success. Shape `ccw-nope/1`, shape `ccw-nope/1`.",
      "$ARTIFACT_DIR/out.json names the unknown shape ccw-nope/1; known shapes: ccw-plan/1, ccw-execution/1, ccw-issues/1, ccw-issue-plans/1, ccw-queue/1, ccw-issue-results/1, ccw-findings/1, ccw-clean/1, ccw-review/1, ccw-tests/1, ccw-docs/1, ccw-error/1",
    ],
    [
      "- `$ARTIFACT_DIR/out.md` — on success. Notes, shape `ccw-plan/1`.",
      "$ARTIFACT_DIR/out.md names shape ccw-plan/1, but only .json files have a shape",
    ],
    [
      "- `$ARTIFACT_DIR/../escape.json` — on success. Outside.",
      "$ARTIFACT_DIR/../escape.json is not a plain path inside the artifacts folder (no '.', '..', '//' or '\\')",
    ],
    [
      "- `$PREV_ARTIFACT_DIR/out.json` — on success. Someone else's folder.",
      "a Writes entry names a file outside $ARTIFACT_DIR or without backquotes; write it as - `$ARTIFACT_DIR/<file>` — on success|when blocked|always|optional. <what it holds>",
    ],
  ])("refuses %s", (line, message) => {
    expect(parseWritesSection(body(line))).toEqual({ ok: false, problems: [{ line: 5, message }] });
  });

  it("refuses a file declared twice and a section that declares nothing", () => {
    expect(
      parseWritesSection(
        body(
          "- `$ARTIFACT_DIR/a.md` — always. A.",
          "- `$ARTIFACT_DIR/a.md` — on success. A again.",
        ),
      ),
    ).toEqual({
      ok: false,
      problems: [{ line: 6, message: "$ARTIFACT_DIR/a.md is declared twice (first on line 5)" }],
    });
    expect(parseWritesSection(body("Nothing here."))).toMatchObject({
      ok: false,
      problems: [{ line: 3, message: expect.stringContaining("declares no file") }],
    });
  });

  it("matches pattern paths file by file", () => {
    const pattern = artifactPattern("plans/<issue-id>.json");
    expect(
      ["plans/ISS-001.json", "plans/a.b.json", "plans/x/y.json", "plansX.json"].map((f) =>
        pattern.test(f),
      ),
    ).toEqual([true, true, false, false]);
  });

  it("describes a contract for people", () => {
    const parsed = parseWritesSection(
      body(
        "- `$ARTIFACT_DIR/plan.json` — on success. Plan, shape `ccw-plan/1`.",
        "- `$ARTIFACT_DIR/raw.json` — optional. Raw.",
      ),
    );
    expect(parsed.ok && describeContract(parsed.contract)).toEqual([
      "$ARTIFACT_DIR/plan.json — on success (JSON, shape ccw-plan/1)",
      "$ARTIFACT_DIR/raw.json — optional (valid JSON)",
    ]);
  });
});

describe("the prompt registry", () => {
  it("reports a Writes section it cannot parse as a diagnostic with file and line, and leaves the prompt out", async () => {
    const home = path.join(REPO_ROOT, "tests", "fixtures", "writes-home");
    const withFixture = new CodexPromptRegistry({
      workspace: path.join(home, "none"),
      codexHome: home,
    });
    const listing = await withFixture.list();
    expect(listing.prompts.map((p) => p.name)).toEqual(["good-writes"]);
    expect(listing.diagnostics).toEqual([
      {
        file: path.join(home, "prompts", "bad-writes.md"),
        line: 12,
        message:
          '## Writes: $ARTIFACT_DIR/out.json: expected " — " then on success, when blocked, always or optional, and a full stop; found "sometimes"',
      },
    ]);
    expect(listing.prompts[0]?.contract?.artifacts.map((a) => [a.path, a.shape])).toEqual([
      ["report.json", "ccw-findings/1"],
      ["error.json", "ccw-error/1"],
    ]);
  });
});
