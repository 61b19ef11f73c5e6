// Every command that prints data has --json; the commands without it are listed here with the
// reason, so a new data command cannot be added without one unnoticed.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../ccw/src/cli.js";
import { type CommandSpec, completionSpec } from "../../ccw/src/program/completion-scripts.js";
import { runCli, testContext } from "../helpers/cli-context.js";

const WITHOUT_JSON: Record<string, string> = {
  demo: "a guided show, not data",
  "coordinator abort": "prints nothing on stdout (what it did goes to stderr)",
  "hook statusline": "Claude Code's status-line format: one plain line",
  "hook session-context": "Claude Code's SessionStart format: text for the model",
  "codex-parity wrapper-coverage": "writes wrapper_coverage.json (JSON already)",
  "codex-parity snapshot": "writes snapshot JSON files",
  "codex-parity union": "writes union.json and current.json",
  "codex-parity report": "writes coverage reports (JSON)",
  "codex-parity schema": "prints SCHEMA.json (JSON already)",
  "codex-parity update": "takes a release into the repository; its steps are progress",
  "dev model-server": "a server; it prints its address",
  "dev messages-server": "a server; it prints its address",
  completion: "prints a shell script",
};

function leaves(spec: CommandSpec): CommandSpec[] {
  return spec.subcommands.length === 0 ? [spec] : spec.subcommands.flatMap(leaves);
}

describe("--json on every command that prints data", () => {
  const { ctx } = testContext();
  const program = buildProgram({ ctx, setExitCode: () => {} });
  const commands = leaves(completionSpec(program));

  it.each(commands.map((command) => [command.path, command] as const))("%s", (name, command) => {
    const hasJson = command.options.some((option) => option.long === "--json");
    if (name in WITHOUT_JSON)
      expect(hasJson, `${name} now has --json: take it off the list`).toBe(false);
    else expect(hasJson, `${name} prints data but has no --json`).toBe(true);
  });

  it("lists no command that does not exist", () => {
    const names = new Set(commands.map((command) => command.path));
    expect(Object.keys(WITHOUT_JSON).filter((name) => !names.has(name))).toEqual([]);
  });
});

describe("the new --json outputs", () => {
  it("codex prompts expand --json: name, source, path and the expanded text", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "ccw-json-"));
    mkdirSync(path.join(root, ".codex", "prompts"), { recursive: true });
    writeFileSync(path.join(root, ".codex", "prompts", "hi.md"), "Hello $NAME\n");
    const result = await runCli(["codex", "prompts", "expand", "hi", "NAME=you", "--json"], {
      cwd: root,
      env: { CODEX_HOME: path.join(root, "home") },
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      name: "hi",
      source: "project",
      path: path.join(root, ".codex", "prompts", "hi.md"),
      text: "Hello you\n",
    });
  });

  it("workflow diff --json: each file's state, exit 1 when one is missing", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "ccw-json-"));
    const result = await runCli(["workflow", "diff", "--codex", "--json"], {
      cwd: root,
      env: { CODEX_HOME: path.join(root, "home") },
      homedir: root,
    });
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as { files: { name: string; state: string }[] };
    expect(json.files.length).toBeGreaterThan(10);
    expect(new Set(json.files.map((file) => file.state))).toEqual(new Set(["missing"]));
  });

  it("coordinator prune --json and rm --json: what was removed", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "ccw-json-"));
    const options = {
      cwd: root,
      homedir: root,
      env: { CODEX_HOME: path.join(root, "home"), PATH: process.env.PATH ?? "" },
      builtinPrompts: path.resolve(".codex", "prompts"),
    };
    const plan = async () => {
      const planned = await runCli(
        ["coordinator", "codex", "Add a button", "--plan-only", "--json"],
        options,
      );
      return JSON.parse(planned.stdout).session_id as string;
    };
    const first = await plan();
    const dry = await runCli(
      ["coordinator", "prune", "--status", "planned", "--dry-run", "--json"],
      options,
    );
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({
      dryRun: true,
      removed: [{ id: first, status: "planned" }],
      skipped: [],
      refs: 0,
    });
    const removed = await runCli(["coordinator", "rm", first, "--json"], options);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ id: first });
  });

  it("hook install --json: the file, whether it was written, and the changes", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "ccw-json-"));
    const result = await runCli(["hook", "install", "--dry-run", "--json"], {
      cwd: root,
      homedir: root,
      env: { PATH: process.env.PATH ?? "" },
    });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      file: path.join(root, ".claude", "settings.json"),
      changed: true,
      written: false,
    });
    expect(json.changes.map((change: { kind: string }) => change.kind)).toContain("hook-added");
  });
});
