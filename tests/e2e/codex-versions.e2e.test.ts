/**
 * Both ends of the validated Codex range run a real chain: the dev dependency `@openai/codex`
 * (latest_validated) and `codex-min-supported`, an npm alias of the oldest release ccw supports
 * (min_supported). The package pins and the pointer files must agree.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";
import { type CodexE2E, REAL_CODEX_BIN, REPO_ROOT } from "../helpers/codex-e2e.js";
import {
  readState,
  sessionIdIn,
  startCoordinatorE2E,
  stepRule,
} from "../helpers/coordinator-e2e.js";

const MANIFESTS = path.join(REPO_ROOT, "cli_manifests", "codex");
const pointer = (name: string) => readFileSync(path.join(MANIFESTS, name), "utf8").trim();
const OLDEST_CODEX_BIN = path.join(
  REPO_ROOT,
  "node_modules",
  "codex-min-supported",
  "bin",
  "codex.js",
);

const QUICK_IMPLEMENTATION = {
  rules: [
    stepRule(
      "02-execute",
      "printf 'export const one = 1;\\n' > one.js",
      "STATUS: ok\nWrote one.js",
      [
        { file: "execution.json", sample: "ccw-execution/1" },
        { file: "summary.md", content: "# Summary\n" },
      ],
    ),
    stepRule(
      "01-lite-plan-a",
      "printf '# Plan\\n' > {{1}}/plan.md",
      "STATUS: ok\nWrote plan.json",
      [{ file: "plan.json", sample: "ccw-plan/1" }],
    ),
  ],
};

let world: CodexE2E | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("the validated Codex range, both ends", () => {
  it("pins latest_validated as @openai/codex and min_supported as codex-min-supported", () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    expect(pkg.devDependencies["@openai/codex"]).toBe(pointer("latest_validated.txt"));
    expect(pkg.devDependencies["codex-min-supported"]).toBe(
      `npm:@openai/codex@${pointer("min_supported.txt")}`,
    );
  });

  it.each([
    ["latest_validated", REAL_CODEX_BIN, () => pointer("latest_validated.txt")],
    ["min_supported", OLDEST_CODEX_BIN, () => pointer("min_supported.txt")],
  ])("a real chain completes on the %s release", async (_end, bin, version) => {
    const doctor = await runCli(["doctor", "--codex-bin", bin, "--json"], { cwd: REPO_ROOT });
    expect(doctor.code).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({
      ok: true,
      version: { semver: version() },
      range: { status: "ok" },
      warnings: [],
    });

    world = await startCoordinatorE2E(QUICK_IMPLEMENTATION);
    const result = await runCli(
      [
        "coordinator",
        "codex",
        "Add a constant",
        "--chain",
        "quick-implementation",
        "--yes",
        "--codex-bin",
        bin,
      ],
      { cwd: world.workspace, env: world.env },
    );
    expect(result.stderr).not.toMatch(/warning|error/i);
    expect(result.code).toBe(0);
    const state = readState(world.workspace, sessionIdIn(result.stdout));
    expect(state.status).toBe("completed");
    expect(state.command_chain.map((step) => [step.command, step.status, step.attempts])).toEqual([
      ["lite-plan-a", "completed", 1],
      ["execute", "completed", 1],
    ]);
    expect(readFileSync(path.join(world.workspace, "one.js"), "utf8")).toBe(
      "export const one = 1;\n",
    );
  });
});
