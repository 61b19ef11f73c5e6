import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";

/** A project with a .ccwrc.json (when given), a user config (when given), and the built-in pack. */
function setup(project?: object | string, user?: object) {
  const root = mkdtempSync(path.join(os.tmpdir(), "ccw-config-cli-"));
  const dir = path.join(root, "project");
  mkdirSync(dir);
  const text = (value: object | string) =>
    typeof value === "string" ? value : JSON.stringify(value);
  if (project !== undefined) writeFileSync(path.join(dir, ".ccwrc.json"), text(project));
  const xdg = path.join(root, "xdg");
  if (user !== undefined) {
    mkdirSync(path.join(xdg, "ccw-codex"), { recursive: true });
    writeFileSync(path.join(xdg, "ccw-codex", "config.json"), text(user));
  }
  const env = { XDG_CONFIG_HOME: xdg, CODEX_HOME: path.join(root, "codex-home") };
  return {
    dir,
    xdg,
    run: (argv: string[]) =>
      runCli(argv, {
        cwd: dir,
        env,
        homedir: root,
        builtinPrompts: path.resolve(".codex/prompts"),
      }),
  };
}

describe("the configuration in ccw coordinator codex", () => {
  it("records the effective values in the session's options: flags > project > user > defaults", async () => {
    const ws = setup(
      {
        coordinator: {
          timeout: "45m",
          stall_limit: "2m",
          model: "project-model",
          verify: ["npm test"],
        },
      },
      {
        coordinator: {
          timeout: "2h",
          max_retries: 3,
          max_repairs: 2,
          sandbox: "read-only",
          model: "user-model",
        },
      },
    );
    const result = await ws.run([
      "coordinator",
      "codex",
      "Add a button",
      "--plan-only",
      "--json",
      "--model",
      "flag-model",
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).options).toEqual({
      depth: "standard",
      max_retries: 3,
      timeout_ms: 45 * 60_000,
      stall_ms: 2 * 60_000,
      allow_partial: false,
      model: "flag-model",
      sandbox: "read-only",
      max_repairs: 2,
      verify: ["npm test"],
    });
  });

  it("says where each value came from with --verbose", async () => {
    const ws = setup({ coordinator: { timeout: "45m" } });
    const result = await ws.run([
      "coordinator",
      "codex",
      "Add a button",
      "--plan-only",
      "--verbose",
      "--max-retries",
      "0",
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('coordinator.timeout = "45m"  (project: .ccwrc.json)');
    expect(result.stderr).toContain("coordinator.max_retries = 0  (command line)");
    expect(result.stderr).toContain("coordinator.max_repairs = 1  (default)");
  });

  it.each([
    ['{"coordinator": {"timeout": "banana"}}', "coordinator.timeout: expected a duration"],
    ['{"coordinator": {"depht": "deep"}}', "coordinator.depht: unknown key"],
    ['{"coordinator": {"timeout": "30m",}}', "not valid JSON at line 1, column 35"],
  ])(
    "refuses a bad project file %j with exit 2, one message, nothing created",
    async (text, part) => {
      const ws = setup(text);
      const result = await ws.run(["coordinator", "codex", "Add a button", "--yes"]);
      expect(result.code).toBe(2);
      const [first, hint, ...rest] = result.stderr.trimEnd().split("\n");
      expect(first).toContain(`ccw: error: ${path.join(ws.dir, ".ccwrc.json")}: ${part}`);
      expect(hint).toContain("nothing was run");
      expect(rest).toEqual([]);
      expect(existsSync(path.join(ws.dir, ".workflow"))).toBe(false);
    },
  );

  it("refuses a bad user file the same way", async () => {
    const ws = setup(undefined, { coordinator: { max_retries: "many" } });
    const result = await ws.run(["coordinator", "codex", "Add a button", "--plan-only"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${path.join(ws.xdg, "ccw-codex", "config.json")}: coordinator.max_retries: expected a whole number from 0 to 100, found "many"`,
    );
  });
});

describe("ccw config list|get|path", () => {
  it("lists every setting with its value and origin", async () => {
    const ws = setup({ coordinator: { depth: "deep" } });
    const result = await ws.run(["config", "list"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/coordinator\.depth\s+"deep"\s+project: \.ccwrc\.json/);
    expect(result.stdout).toMatch(/coordinator\.timeout\s+"30m"\s+default/);
    const json = JSON.parse((await ws.run(["config", "list", "--json"])).stdout);
    expect(json.settings).toContainEqual({
      key: "coordinator.depth",
      value: "deep",
      source: "project",
      file: path.join(ws.dir, ".ccwrc.json"),
    });
    expect(json.settings).toHaveLength(10);
  });

  it("gets one value, and refuses an unknown key with exit 2", async () => {
    const ws = setup({ coordinator: { timeout: "45m" } });
    expect(await ws.run(["config", "get", "coordinator.timeout"])).toMatchObject({
      code: 0,
      stdout: "45m\n",
    });
    expect(await ws.run(["config", "get", "coordinator.model"])).toMatchObject({
      code: 0,
      stdout: "",
    });
    const unknown = await ws.run(["config", "get", "coordinator.colour"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown setting "coordinator.colour"');
  });

  it("shows where it looks", async () => {
    const ws = setup();
    const result = await ws.run(["config", "path", "--json"]);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      project: null,
      user: path.join(ws.xdg, "ccw-codex", "config.json"),
      userExists: false,
    });
    // From the workspace up to a repository root (none here, unless the temp folder is in one).
    expect(json.projectSearch[0]).toBe(path.join(ws.dir, ".ccwrc.json"));
    const text = await ws.run(["config", "path"]);
    expect(text.stdout).toContain("project: none (looked for .ccwrc.json from");
  });
});
