import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";

describe("ccw demo", () => {
  it("runs the coordinator end to end offline with the real Codex", async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), "ccw-demo-test-"));
    try {
      const result = await runCli(["demo", "--dir", parent], {
        env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
        homedir: parent,
      });
      expect(result.stderr).toContain("2 tests passed");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/codex-coord-\S+: completed \(2\/2 steps completed\)/);
      const scratch = readdirSync(parent).find((name) => name.startsWith("ccw-demo-"));
      const project = path.join(parent, scratch ?? "", "project");
      expect(readFileSync(path.join(project, "src", "greet.js"), "utf8")).toContain(
        "export function greet(name)",
      );
      const sessions = path.join(project, ".workflow", ".codex-coordinator");
      const [id] = readdirSync(sessions).filter((name) => name.startsWith("codex-coord-"));
      const plan = JSON.parse(
        readFileSync(
          path.join(sessions, id ?? "", "steps", "01-lite-plan-a", "artifacts", "plan.json"),
          "utf8",
        ),
      );
      expect(plan).toMatchObject({ schema: "ccw-plan/1", steps: [{ id: "S1" }, { id: "S2" }] });
      const execution = JSON.parse(
        readFileSync(
          path.join(sessions, id ?? "", "steps", "02-execute", "artifacts", "execution.json"),
          "utf8",
        ),
      );
      expect(execution.checks[0]).toMatchObject({ result: "passed", exit_code: 0 });
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 60_000);
});
