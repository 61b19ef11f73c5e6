import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";
import { tempDir } from "./fixture-workspace.js";

let root: string;
let cleanup: () => Promise<void>;
let project: string;
let home: string;

beforeEach(async () => {
  ({ dir: root, cleanup } = await tempDir("ccw-hook-install-"));
  project = path.join(root, "project");
  home = path.join(root, "home");
  await mkdir(project, { recursive: true });
  await mkdir(home, { recursive: true });
});
afterEach(async () => cleanup());

/** A PATH where `ccw` exists, so the install does not warn. */
async function pathWithCcw(): Promise<string> {
  const bin = path.join(root, "bin");
  await mkdir(bin, { recursive: true });
  await writeFile(path.join(bin, "ccw"), "#!/bin/sh\n", { mode: 0o755 });
  return bin;
}

async function install(args: string[] = [], env: Record<string, string> = {}) {
  return runCli(["hook", "install", ...args], {
    cwd: project,
    homedir: home,
    env: { PATH: await pathWithCcw(), ...env },
  });
}

const projectSettings = () => path.join(project, ".claude", "settings.json");

const USER_SETTINGS = {
  model: "sonnet",
  hooks: {
    PostToolUse: [
      { matcher: "Edit", hooks: [{ type: "command", command: "npx prettier --write ." }] },
    ],
    SessionStart: [{ hooks: [{ type: "command", command: "echo hi" }] }],
  },
};

describe("ccw hook install", () => {
  it("writes the project's .claude/settings.json by default and shows the diff", async () => {
    const result = await install();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("+ SessionStart hook: ccw hook session-context\n");
    expect(result.stdout).toContain("+ statusLine: ccw hook statusline\n");
    expect(result.stdout).toContain(
      "--- /dev/null\n+++ b/.claude/settings.json\n@@ -0,0 +1,20 @@\n+{\n",
    );
    expect(result.stdout).toMatch(/Wrote \.claude\/settings\.json\.\n$/);
    expect(JSON.parse(await readFile(projectSettings(), "utf8"))).toEqual({
      hooks: {
        SessionStart: [
          { hooks: [{ type: "command", command: "ccw hook session-context", timeout: 10 }] },
        ],
      },
      statusLine: { type: "command", command: "ccw hook statusline", refreshInterval: 2 },
    });
  });

  it("migrates an earlier install: its PostToolUse hook goes, the user's hooks stay", async () => {
    await mkdir(path.dirname(projectSettings()), { recursive: true });
    const earlier = {
      ...USER_SETTINGS,
      hooks: {
        ...USER_SETTINGS.hooks,
        PostToolUse: [
          ...USER_SETTINGS.hooks.PostToolUse,
          {
            matcher: "Write|Edit|MultiEdit",
            hooks: [{ type: "command", command: "ccw hook parse-status --stdin" }],
          },
        ],
      },
      statusLine: { type: "command", command: "ccw hook statusline" },
    };
    await writeFile(projectSettings(), JSON.stringify(earlier, null, 2));
    const result = await install();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "- PostToolUse hook (matcher Write|Edit|MultiEdit) of an earlier ccw, which never fired for coordinator progress: ccw hook parse-status --stdin\n",
    );
    const merged = JSON.parse(await readFile(projectSettings(), "utf8"));
    expect(merged.hooks.PostToolUse).toEqual(USER_SETTINGS.hooks.PostToolUse);
    expect(merged.hooks.SessionStart).toEqual([
      ...USER_SETTINGS.hooks.SessionStart,
      { hooks: [{ type: "command", command: "ccw hook session-context", timeout: 10 }] },
    ]);
  });

  it("keeps the user's hooks, and a second run changes nothing", async () => {
    await mkdir(path.dirname(projectSettings()), { recursive: true });
    await writeFile(projectSettings(), JSON.stringify(USER_SETTINGS, null, 2));
    expect((await install()).code).toBe(0);
    const first = await readFile(projectSettings(), "utf8");
    const merged = JSON.parse(first);
    expect(merged.hooks.PostToolUse[0]).toEqual(USER_SETTINGS.hooks.PostToolUse[0]);
    expect(merged.hooks.SessionStart[0]).toEqual(USER_SETTINGS.hooks.SessionStart[0]);
    expect(merged.model).toBe("sonnet");
    const diff = (await install()).stdout;
    expect(diff).toBe(
      "= SessionStart hook already there: ccw hook session-context\n" +
        "= statusLine already runs ccw: ccw hook statusline\n" +
        ".claude/settings.json already has everything; nothing to change.\n",
    );
    expect(await readFile(projectSettings(), "utf8")).toBe(first);
  });

  it("writes nothing with --dry-run", async () => {
    const result = await install(["--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("+++ b/.claude/settings.json");
    expect(result.stdout).toMatch(/Dry run: \.claude\/settings\.json was not written\.\n$/);
    await expect(stat(path.join(project, ".claude"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("edits ~/.claude/settings.json with --user, or $CLAUDE_CONFIG_DIR's", async () => {
    expect((await install(["--user"])).stdout).toContain("Wrote ~/.claude/settings.json.");
    expect(await readdir(path.join(home, ".claude"))).toEqual(["settings.json"]);
    const custom = path.join(root, "claude-config");
    expect((await install(["--user"], { CLAUDE_CONFIG_DIR: custom })).code).toBe(0);
    expect(await readdir(custom)).toEqual(["settings.json"]);
  });

  it("edits .claude/settings.local.json with --local", async () => {
    expect((await install(["--local"])).code).toBe(0);
    expect(await readdir(path.join(project, ".claude"))).toEqual(["settings.local.json"]);
  });

  it("refuses two places at once", async () => {
    const result = await install(["--user", "--project"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot be used with option/);
  });

  it("refuses to replace another statusLine without --force, and leaves the file as it was", async () => {
    await mkdir(path.dirname(projectSettings()), { recursive: true });
    const original = `${JSON.stringify({ statusLine: { type: "command", command: "~/bin/line.sh" } })}\n`;
    await writeFile(projectSettings(), original);
    const refused = await install();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `ccw: error: ${projectSettings()} already has a statusLine that runs "~/bin/line.sh"; nothing was changed\n` +
        "Run again with --force to replace it with ccw's, or with --no-statusline to install only the hook.\n",
    );
    expect(await readFile(projectSettings(), "utf8")).toBe(original);

    const hookOnly = await install(["--no-statusline"]);
    expect(hookOnly.code).toBe(0);
    expect(JSON.parse(await readFile(projectSettings(), "utf8")).statusLine.command).toBe(
      "~/bin/line.sh",
    );

    const forced = await install(["--force"]);
    expect(forced.stdout).toContain("~ statusLine: ccw hook statusline (was: ~/bin/line.sh)");
    expect(forced.stdout).toContain('-    "command": "~/bin/line.sh"');
    expect(JSON.parse(await readFile(projectSettings(), "utf8")).statusLine.command).toBe(
      "ccw hook statusline",
    );
  });

  it("leaves invalid settings untouched and says where the problem is", async () => {
    await mkdir(path.dirname(projectSettings()), { recursive: true });
    const broken = '{\n  "model": "opus",\n  "hooks": {\n}\n';
    await writeFile(projectSettings(), broken);
    const result = await install();
    expect(result.code).toBe(65);
    expect(result.stderr).toMatch(
      /^ccw: error: .*settings\.json:\d+:\d+: not valid JSON: [^\n]*\n[^\n]*untouched[^\n]*\n$/,
    );
    expect(await readFile(projectSettings(), "utf8")).toBe(broken);
  });

  it("warns when ccw is not on PATH, and takes --ccw-command", async () => {
    const missing = await runCli(["hook", "install"], {
      cwd: project,
      homedir: home,
      env: { PATH: root },
    });
    expect(missing.code).toBe(0);
    expect(missing.stderr).toContain("ccw: warning: `ccw` is not on PATH");

    const other = path.join(root, "other");
    await mkdir(other);
    const custom = await runCli(
      ["hook", "install", "--ccw-command", `${process.execPath} /opt/ccw/bin/ccw.js`],
      { cwd: other, homedir: home, env: { PATH: root } },
    );
    expect(custom.stderr).toBe("");
    const written = JSON.parse(
      await readFile(path.join(other, ".claude", "settings.json"), "utf8"),
    );
    expect(written.statusLine.command).toBe(
      `${process.execPath} /opt/ccw/bin/ccw.js hook statusline`,
    );
  });

  it("repairs an install whose commands differ from the ones asked for, showing the diff", async () => {
    const first = await runCli(["hook", "install"], {
      cwd: project,
      homedir: home,
      env: { PATH: root },
    });
    expect(first.stderr).toContain("is not on PATH");
    const fixed = `${process.execPath} /opt/ccw/bin/ccw.js`;
    const repair = await runCli(["hook", "install", "--ccw-command", fixed], {
      cwd: project,
      homedir: home,
      env: { PATH: root },
    });
    expect(repair.code).toBe(0);
    expect(repair.stdout).not.toContain("already has everything");
    expect(repair.stdout).toContain(
      `~ SessionStart hook: ${fixed} hook session-context (was: ccw hook session-context)`,
    );
    expect(repair.stdout).toContain(
      `~ statusLine: ${fixed} hook statusline (was: ccw hook statusline)`,
    );
    expect(repair.stdout).toContain(`-    "command": "ccw hook statusline"`);
    expect(repair.stdout).toContain(`+    "command": "${fixed} hook statusline"`);
    const written = JSON.parse(await readFile(projectSettings(), "utf8"));
    expect(written.hooks.SessionStart).toHaveLength(1);
    expect(written.hooks.SessionStart[0].hooks[0].command).toBe(`${fixed} hook session-context`);
    expect(written.statusLine.command).toBe(`${fixed} hook statusline`);
    // Asked again with the same command: nothing to change.
    const again = await runCli(["hook", "install", "--ccw-command", fixed], {
      cwd: project,
      homedir: home,
      env: { PATH: root },
    });
    expect(again.stdout).toContain("already has everything");
  });
});
