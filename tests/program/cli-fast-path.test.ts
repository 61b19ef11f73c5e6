import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../ccw/src/cli.js";
import { CLI_FAST_OPTIONS, fastPromptFlags } from "../../ccw/src/program/cli-fast-path.js";
import { bundleGraph } from "../helpers/bundle-graph.js";
import { testContext } from "../helpers/cli-context.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("the ccw cli fast path", () => {
  it("reads the same options as the full CLI's `ccw cli`", () => {
    const { ctx } = testContext();
    const cli = buildProgram({ ctx, setExitCode: () => {} }).commands.find(
      (command) => command.name() === "cli",
    );
    if (!cli) throw new Error("no cli command");
    const full = cli.options
      .filter((option) => option.long !== "--help")
      .map((option) => ({
        long: option.long?.slice(2),
        short: option.short?.slice(1),
        type: option.required || option.optional ? "string" : "boolean",
      }));
    const fast = Object.entries(CLI_FAST_OPTIONS).map(([long, spec]) => ({
      long,
      short: "short" in spec ? spec.short : undefined,
      type: spec.type,
    }));
    expect(fast).toEqual(full);
    // The repeatable options (commander's collect) are the ones parseArgs takes many times.
    const repeatable = cli.options
      .filter((option) => option.description.includes("(repeatable"))
      .map((option) => option.long?.slice(2));
    expect(
      Object.entries(CLI_FAST_OPTIONS)
        .filter(([, spec]) => "multiple" in spec && spec.multiple)
        .map(([long]) => long),
    ).toEqual(repeatable);
  });

  it("turns plain argv into the flags commander would give runPrompt", () => {
    expect(
      fastPromptFlags([
        "-p",
        "Summarize src/auth",
        "--mode",
        "write",
        "--add-dir",
        "a",
        "--add-dir=b",
        "--last",
        "--stall-limit",
        "2m",
        "--codex-bin",
        "/opt/codex",
      ]),
    ).toEqual({
      prompt: "Summarize src/auth",
      tool: "codex",
      mode: "write",
      addDir: ["a", "b"],
      last: true,
      stallLimit: "2m",
      codexBin: "/opt/codex",
    });
    expect(fastPromptFlags([])).toEqual({ tool: "codex", mode: "analysis" });
  });

  it.each([
    [["--help"]],
    [["-h"]],
    [["-p", "x", "extra"]],
    [["--nope"]],
    [["--cd", ""]],
    [["-p", ""]],
    [["--add-dir", "a", "--add-dir", ""]],
    [["--mode", "bogus"]],
    [["--tool", "gemini"]],
    [["--no-color", "-p", "x"]],
    [["-p", "x", "--"]],
    [["-p", "-x"]],
    [["--json=yes"]],
  ])("leaves %j to the full CLI", (args) => {
    expect(fastPromptFlags(args)).toBeUndefined();
  });

  it("gives the full CLI's message and exit code for argv it hands back", () => {
    const ccw = path.join(root, "ccw/bin/ccw.js");
    const result = spawnSync(process.execPath, [ccw, "cli", "--mode", "bogus", "-p", "x"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Allowed choices are analysis, write");
  });

  it("loads neither commander nor the coordinator", async () => {
    const { inputs } = await bundleGraph("ccw/src/program/cli-fast-path.ts");
    const heavy = inputs.filter((file) =>
      /node_modules\/(commander|yaml|string-width|@inquirer)\/|zod\/v4\/classic|ccw\/src\/(cli\.ts|commands\/|coordinator\/|session\/)/.test(
        file,
      ),
    );
    expect(heavy).toEqual([]);
  });
});
