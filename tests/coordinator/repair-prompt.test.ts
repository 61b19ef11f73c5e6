import { describe, expect, it } from "vitest";
import { buildRepairPrompt } from "../../ccw/src/coordinator/repair-prompt.js";
import { parseWritesSection } from "../../ccw/src/tools/registry/prompt-writes.js";

const parsed = parseWritesSection(
  [
    "## Writes",
    "- `$ARTIFACT_DIR/plan.json` — on success. The plan, shape `ccw-plan/1`.",
    "- `$ARTIFACT_DIR/error.json` — when blocked. Why, shape `ccw-error/1`.",
  ].join("\n"),
);
const contract = parsed.ok ? parsed.contract : undefined;

describe("buildRepairPrompt", () => {
  it("names each problem: file, JSON path, expected, found; then the contract; then asks for nothing else", () => {
    expect(
      buildRepairPrompt({
        artifactsDir: "/w/.workflow/.codex-coordinator/s/steps/01-lite-plan-a/artifacts",
        contract,
        problems: [
          { file: "plan.json", path: "steps", expected: "at least 1 item", found: "[]" },
          { file: "plan.md", path: "", expected: "the file (on success)", found: "no such file" },
        ],
        verifyFailures: [],
        turn: 1,
        of: 2,
      }),
    ).toMatchInlineSnapshot(`
      "ccw repair turn 1 of 2: the step you just finished did not meet its contract.

      ccw checked the files you were asked to write in /w/.workflow/.codex-coordinator/s/steps/01-lite-plan-a/artifacts and found 2 problems:

      - plan.json: steps: expected at least 1 item, found []
      - plan.md: expected the file (on success), found no such file

      The files this step must leave (paths inside the artifacts folder):
      - plan.json — on success (JSON, shape ccw-plan/1)
      - error.json — when blocked (JSON, shape ccw-error/1)
      On success write every file marked on success or always; if you cannot do the step, write the file marked when blocked instead.

      Fix exactly these problems and nothing else: do not redo work that is already correct, and do not change files the problems do not concern.
      Write each file whole, as valid UTF-8 JSON where it is JSON. Then end with the final message your original instructions ask for.
      "
    `);
  });

  it("names a failed --verify command with its exit code and the tail of its output", () => {
    const text = buildRepairPrompt({
      artifactsDir: "/a",
      contract: undefined,
      problems: [],
      verifyFailures: [
        { command: "npm test", failure: "exit code 1", outputTail: "1 failed\nexpected 2, got 3" },
      ],
      turn: 1,
      of: 1,
    });
    expect(text).toContain(
      "The check `npm test` (run by ccw in the workspace after this step) failed: exit code 1.",
    );
    expect(text).toContain("```text\n1 failed\nexpected 2, got 3\n```");
    expect(text).not.toContain("ccw checked the files");
  });
});
