import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { packageRoot } from "../../ccw/src/package-info.js";
import { runCli } from "../helpers/cli-context.js";

const PACK = fileURLToPath(new URL("../fixtures/workflow/pack/", import.meta.url));

let root: string;
let home: string;
let project: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "ccw-workflow-"));
  home = path.join(root, "home");
  project = path.join(root, "project");
  await mkdir(project, { recursive: true });
});
afterEach(async () => rm(root, { recursive: true, force: true }));

function workflow(args: string[], env: Record<string, string> = {}) {
  return runCli(["workflow", ...args, "--source", PACK], { cwd: project, homedir: home, env });
}

const codexPrompts = () => path.join(home, ".codex", "prompts");
const claudeCommands = () => path.join(home, ".claude", "commands");
const packText = (...parts: string[]) => readFile(path.join(PACK, ...parts), "utf8");

describe("ccw workflow install", () => {
  it("copies the prompts to ~/.codex/prompts and the slash command to ~/.claude/commands", async () => {
    const result = await workflow(["install"]);
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "Codex prompts → ~/.codex/prompts",
        "  installed     execute.md",
        "  installed     lite-plan-a.md",
        "Claude Code commands → ~/.claude/commands",
        "  installed     codex-coordinator.md",
        "3 installed, 0 replaced, 0 unchanged.",
        "",
      ].join("\n"),
    });
    // Only .md prompts, and only the pack's own slash command.
    expect((await readdir(codexPrompts())).sort()).toEqual(["execute.md", "lite-plan-a.md"]);
    expect(await readdir(claudeCommands())).toEqual(["codex-coordinator.md"]);
    expect(await readFile(path.join(codexPrompts(), "execute.md"), "utf8")).toBe(
      await packText(".codex", "prompts", "execute.md"),
    );
  });

  it("skips identical files on a second run", async () => {
    await workflow(["install"]);
    const again = await workflow(["install"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("  unchanged     execute.md\n");
    expect(again.stdout).toMatch(/0 installed, 0 replaced, 3 unchanged\.\n$/);
  });

  it("refuses to replace a changed file without --force, and then writes nothing at all", async () => {
    await mkdir(codexPrompts(), { recursive: true });
    await writeFile(path.join(codexPrompts(), "execute.md"), "my own version\n");
    const result = await workflow(["install"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("  differs       execute.md\n  would install lite-plan-a.md\n");
    expect(result.stdout).toContain(
      "Nothing written: 2 to install, 0 to replace, 0 unchanged, 1 differ (refused without --force).",
    );
    expect(result.stderr).toBe(
      "ccw: error: 1 installed file differs from the pack; nothing was written\n" +
        "See the differences with `ccw workflow diff`, then run `ccw workflow install --force` to replace them (each old file is kept as <file>.<time>.bak).\n",
    );
    expect(await readdir(codexPrompts())).toEqual(["execute.md"]);
    expect(await readFile(path.join(codexPrompts(), "execute.md"), "utf8")).toBe(
      "my own version\n",
    );
  });

  it("backs up a changed file before replacing it with --force", async () => {
    await mkdir(codexPrompts(), { recursive: true });
    await writeFile(path.join(codexPrompts(), "execute.md"), "my own version\n");
    const result = await workflow(["install", "--force"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      / {2}replaced {6}execute\.md \(old file kept as execute\.md\.\d{8}-\d{6}\.bak\)\n/,
    );
    const names = await readdir(codexPrompts());
    const backup = names.find((name) => name.endsWith(".bak"));
    expect(backup).toMatch(/^execute\.md\.\d{8}-\d{6}\.bak$/);
    expect(await readFile(path.join(codexPrompts(), backup as string), "utf8")).toBe(
      "my own version\n",
    );
    expect(await readFile(path.join(codexPrompts(), "execute.md"), "utf8")).toBe(
      await packText(".codex", "prompts", "execute.md"),
    );
  });

  it("honours CODEX_HOME", async () => {
    const codexHome = path.join(root, "codex-home");
    const result = await workflow(["install", "--codex"], { CODEX_HOME: codexHome });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Codex prompts → ${path.join(codexHome, "prompts")}\n`);
    expect((await readdir(path.join(codexHome, "prompts"))).sort()).toEqual([
      "execute.md",
      "lite-plan-a.md",
    ]);
    await expect(readdir(path.join(home, ".codex"))).rejects.toMatchObject({ code: "ENOENT" });
    // --codex alone leaves Claude Code alone.
    await expect(readdir(path.join(home, ".claude"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("puts the slash command in the project with --project (and --claude)", async () => {
    const result = await workflow(["install", "--claude", "--project"]);
    expect(result.stdout).toContain("Claude Code commands → .claude/commands\n");
    expect(await readdir(path.join(project, ".claude", "commands"))).toEqual([
      "codex-coordinator.md",
    ]);
    await expect(readdir(path.join(home, ".codex"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("writes nothing with --dry-run", async () => {
    const result = await workflow(["install", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  would install execute.md\n");
    expect(result.stdout).toMatch(/Dry run: 3 to install, 0 to replace, 0 unchanged\.\n$/);
    await expect(readdir(home)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("reports the result as JSON with --json", async () => {
    const result = await workflow(["install", "--json", "--codex"]);
    expect(JSON.parse(result.stdout)).toEqual({
      dry_run: false,
      files: [
        {
          part: "codex",
          name: "execute.md",
          target: path.join(codexPrompts(), "execute.md"),
          action: "install",
        },
        {
          part: "codex",
          name: "lite-plan-a.md",
          target: path.join(codexPrompts(), "lite-plan-a.md"),
          action: "install",
        },
      ],
      summary: { install: 2, skip: 0, replace: 0, refuse: 0 },
    });
  });

  it("says how to fix a pack folder without prompts", async () => {
    const empty = path.join(root, "empty");
    await mkdir(empty);
    const result = await runCli(["workflow", "install", "--source", empty], {
      cwd: project,
      homedir: home,
    });
    expect(result.code).toBe(66);
    expect(result.stderr).toBe(
      `ccw: error: the workflow pack is incomplete: ${path.join(empty, ".codex", "prompts")} is missing\n` +
        "Reinstall ccw (npm install -g ccw-codex), or point --source at a folder with .codex/prompts/ and .claude/commands/.\n",
    );
  });
});

describe("the real pack", () => {
  it("is found in ccw's own package when no --source is given", async () => {
    const result = await runCli(["workflow", "list", "--json"], { cwd: project, homedir: home });
    expect(result.code).toBe(0);
    const files: { part: string; name: string; source: string; state: string }[] = JSON.parse(
      result.stdout,
    ).files;
    const prompts = (await readdir(path.join(packageRoot(), ".codex", "prompts")))
      .filter((name) => name.endsWith(".md"))
      .sort();
    expect(prompts.length).toBeGreaterThan(0);
    expect(files.filter((file) => file.part === "codex").map((file) => file.name)).toEqual(prompts);
    expect(files.filter((file) => file.part === "claude").map((file) => file.name)).toEqual([
      "codex-coordinator.md",
    ]);
    expect(files.every((file) => file.state === "missing")).toBe(true);
  });
});

describe("ccw workflow list and diff", () => {
  it("lists each file with its state", async () => {
    await workflow(["install", "--codex"]);
    await writeFile(path.join(codexPrompts(), "execute.md"), "changed\n");
    const result = await workflow(["list"]);
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "Codex prompts → ~/.codex/prompts",
        "  differs    execute.md",
        "  installed  lite-plan-a.md",
        "Claude Code commands → ~/.claude/commands",
        "  missing    codex-coordinator.md",
        "",
      ].join("\n"),
    });
    const json = JSON.parse((await workflow(["list", "--json", "--claude"])).stdout);
    expect(json.files).toEqual([
      {
        part: "claude",
        name: "codex-coordinator.md",
        source: path.join(PACK, ".claude", "commands", "codex-coordinator.md"),
        target: path.join(claudeCommands(), "codex-coordinator.md"),
        state: "missing",
      },
    ]);
  });

  it("shows a unified diff of what differs and exits 1, or exits 0 when all match", async () => {
    await workflow(["install"]);
    expect(await workflow(["diff"])).toEqual({
      code: 0,
      stdout: "All 3 installed files match the pack.\n",
      stderr: "",
    });
    await writeFile(path.join(codexPrompts(), "execute.md"), "changed\n");
    await rm(path.join(claudeCommands(), "codex-coordinator.md"));
    const result = await workflow(["diff"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("--- ~/.codex/prompts/execute.md\n+++ ");
    expect(result.stdout).toContain("-changed\n+---\n+description: Carry out a plan\n");
    expect(result.stdout).toContain("not installed: ~/.claude/commands/codex-coordinator.md\n");
    expect(result.stderr).toContain("2 of 3 files differ from the pack or are missing");
  });
});
