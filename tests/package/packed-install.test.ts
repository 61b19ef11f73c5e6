// The package as a user gets it: `npm pack` of the built tree, installed with npm into an empty
// folder (offline: nothing beyond the tarball may be needed), then run from there. Needs the
// build (`npm test` builds first).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageVersion } from "../../ccw/src/package-info.js";

const root = path.resolve(import.meta.dirname, "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let scratch: string;
let tarball: string;
let packed: { size: number; files: { path: string }[] };
let ccw: string;

function run(command: string, args: readonly string[], options: { cwd: string; input?: string }) {
  return spawnSync(command, args, {
    cwd: options.cwd,
    input: options.input ?? "",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", npm_config_update_notifier: "false" },
    timeout: 120_000,
  });
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "ccw-packed-"));
  // --ignore-scripts: the tree is built already; pack must not rebuild it under the test.
  const pack = run(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", scratch], {
    cwd: root,
  });
  expect(pack.status, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout) as [
    { filename: string; size: number; files: { path: string }[] },
  ];
  packed = info;
  tarball = path.join(scratch, info.filename);
  const project = path.join(scratch, "install");
  mkdirSync(project);
  writeFileSync(path.join(project, "package.json"), '{"name":"scratch","private":true}\n');
  const install = run(
    npm,
    ["install", tarball, "--offline", "--no-audit", "--no-fund", "--loglevel=error"],
    { cwd: project },
  );
  expect(install.status, install.stderr).toBe(0);
  ccw = path.join(project, "node_modules", ".bin", "ccw-codex");
}, 180_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  it("holds the licence, the notices, the README, the prompt pack, the slash command and the plugin", () => {
    const files = new Set(packed.files.map((file) => file.path));
    for (const wanted of [
      "LICENSE",
      "README.md",
      "package.json",
      "ccw/bin/ccw.js",
      "ccw/dist/cli.cjs",
      "ccw/dist/hook.cjs",
      "ccw/dist/yaml.cjs",
      "ccw/dist/THIRD-PARTY-NOTICES.md",
      ".codex/prompts/lite-plan-a.md",
      ".codex/prompts/execute.md",
      ".claude/commands/codex-coordinator.md",
      ".claude-plugin/marketplace.json",
      "plugins/codex-coordinator/.claude-plugin/plugin.json",
      "plugins/codex-coordinator/hooks/hooks.json",
    ]) {
      expect(files, wanted).toContain(wanted);
    }
    expect(
      [...files].filter((file) => file.startsWith("ccw/src/") || file.startsWith("tests/")),
    ).toEqual([]);
  });

  it("installs into an empty folder as the package and at most two others", () => {
    const modules = path.join(scratch, "install", "node_modules");
    const installed = readdirSync(modules)
      .filter((name) => !name.startsWith("."))
      .flatMap((name) =>
        name.startsWith("@")
          ? readdirSync(path.join(modules, name)).map((n) => `${name}/${n}`)
          : [name],
      );
    expect(installed).toContain("ccw-codex");
    expect(installed.length).toBeLessThanOrEqual(3);
    expect(existsSync(path.join(modules, ".bin", "ccw"))).toBe(true);
  });

  it("prints ccw-codex <version> from both bins", () => {
    for (const bin of ["ccw-codex", "ccw"]) {
      const result = run(path.join(path.dirname(ccw), bin), ["--version"], { cwd: scratch });
      expect(result.stderr).toBe("");
      expect(result.stdout).toBe(`ccw-codex ${packageVersion()}\n`);
      expect(result.status).toBe(0);
    }
  });

  it("plans a chain in a fresh project from the prompt pack it ships", () => {
    const project = path.join(scratch, "fresh-project");
    mkdirSync(project);
    const result = spawnSync(
      ccw,
      ["coordinator", "codex", "Fix the login timeout bug", "--plan-only", "--json"],
      {
        cwd: project,
        encoding: "utf8",
        env: {
          ...process.env,
          NO_COLOR: "1",
          CODEX_HOME: path.join(scratch, "empty-codex-home"),
          XDG_CONFIG_HOME: path.join(scratch, "empty-config"),
        },
      },
    );
    expect(result.stderr).toContain("Planned codex-coord-");
    expect(result.status).toBe(0);
    const state = JSON.parse(result.stdout) as { status: string; command_chain: unknown[] };
    expect(state.status).toBe("planned");
    expect(state.command_chain.length).toBeGreaterThan(0);
  });

  it("runs the hook commands, which never fail", () => {
    const input = JSON.stringify({ tool_input: { file_path: path.join(scratch, "nothing.json") } });
    const parse = run(ccw, ["hook", "parse-status", "--stdin"], { cwd: scratch, input });
    expect(parse.status).toBe(0);
    expect(parse.stderr).toBe("");
    const line = run(ccw, ["hook", "statusline"], { cwd: scratch, input: "{}" });
    expect(line.status).toBe(0);
    expect(line.stderr).toBe("");
  });
});
