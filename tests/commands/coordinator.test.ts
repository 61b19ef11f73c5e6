import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SessionListing } from "../../ccw/src/coordinator/json-output.js";
import { stateSchemas } from "../../ccw/src/session/state-schema.js";

const { SessionState } = stateSchemas();

import { runCli } from "../helpers/cli-context.js";
import { REPO_ROOT } from "../helpers/codex-e2e.js";
import { readState, sessionIdIn } from "../helpers/coordinator-e2e.js";

const FAKE_CODEX = path.join(REPO_ROOT, "tests", "fixtures", "fake-codex", "fake-codex.mjs");

/** A workspace with ccw's prompt pack in its CODEX_HOME. */
function workspace() {
  const root = mkdtempSync(path.join(os.tmpdir(), "ccw-coord-cli-"));
  const dir = path.join(root, "project");
  const codexHome = path.join(root, "codex-home");
  mkdirSync(dir);
  cpSync(path.join(REPO_ROOT, ".codex", "prompts"), path.join(codexHome, "prompts"), {
    recursive: true,
  });
  const env = {
    CODEX_HOME: codexHome,
    XDG_CACHE_HOME: path.join(root, "cache"),
    PATH: process.env.PATH ?? "",
  };
  return {
    root,
    dir,
    env,
    run: (argv: string[], extra: { stdin?: string } = {}) =>
      runCli(argv, { cwd: dir, env, homedir: root, ...extra }),
  };
}

describe("ccw coordinator codex", () => {
  it("plans with --plan-only --json: state.json on stdout, the session saved, nothing run", async () => {
    const ws = workspace();
    const result = await ws.run([
      "coordinator",
      "codex",
      "Fix",
      "the",
      "login",
      "timeout",
      "bug",
      "--plan-only",
      "--json",
    ]);
    expect(result.code).toBe(0);
    const state = SessionState.parse(JSON.parse(result.stdout));
    expect(state).toMatchObject({
      status: "planned",
      intent: "Fix the login timeout bug",
      analysis: { task_type: "bugfix" },
    });
    expect(state.command_chain.map((step) => step.command)).toEqual(["lite-fix", "execute"]);
    expect(readState(ws.dir, state.session_id)).toEqual(state);
    expect(result.stderr).toContain(`Run it: ccw coordinator resume ${state.session_id} --yes`);
    expect(result.stderr).toContain("lite-fix"); // the human view goes to stderr with --json
  });

  it("behaves as --plan-only without a terminal and without --yes", async () => {
    const ws = workspace();
    const result = await ws.run(["coordinator", "codex", "Add rate limiting to the login API"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("intent →【lite-plan-a → execute】→ code");
    expect(result.stdout).toContain("└ Quick Implementation ┘");
    expect(result.stdout).toMatch(
      /1 {2}lite-plan-a {2}planning {3}TASK="Add rate limiting to the login API" +→ plan\.json, plan\.md/,
    );
    expect(result.stderr).toContain("stdin is not a terminal, so nothing ran");
    expect(readState(ws.dir, sessionIdIn(result.stderr)).status).toBe("planned");
  });

  it("shows the rationale and alternatives with --verbose", async () => {
    const ws = workspace();
    const result = await ws.run([
      "coordinator",
      "codex",
      "整个订单系统的分布式部署",
      "--plan-only",
      "--verbose",
    ]);
    expect(result.stdout).toContain(
      "task type: feature (no keyword matched; feature is the default)",
    );
    expect(result.stdout).toContain(
      "no rule matched: assumed feature (check the chain, or name one with --chain)",
    );
    expect(result.stdout).toContain("complexity: complex — complex signals 2, simple signals 0");
    expect(result.stdout).toContain(
      "chain: complex-planning — a large change: a thorough plan, then code",
    );
    expect(result.stdout).toContain("--chain quick-implementation  — a contained change");
  });

  it("runs with --yes through the Codex execution surface", async () => {
    const ws = workspace();
    const result = await ws.run([
      "coordinator",
      "codex",
      "Clean up dead code",
      "--yes",
      "--json",
      "--codex-bin",
      FAKE_CODEX,
    ]);
    expect(result.code).toBe(0);
    const [plan, final] = result.stdout
      .trim()
      .split("\n")
      .map((line) => SessionState.parse(JSON.parse(line)));
    expect(plan?.status).toBe("planned");
    expect(final).toMatchObject({
      status: "completed",
      command_chain: [{ command: "clean", status: "completed" }],
    });
  });

  it("--yes does not run a code-writing chain on an assumed task type: nothing saved or run", async () => {
    const ws = workspace();
    const result = await ws.run([
      "coordinator",
      "codex",
      "Dark mode for the settings page",
      "--yes",
      "--codex-bin",
      FAKE_CODEX,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "--yes: no rule matched the intent, so its task type (feature) is only assumed, and the chain lite-plan-a → execute would change the project's files; nothing was saved or run",
    );
    expect(result.stderr).toContain("--chain quick-implementation, or --chain review to only look");
    expect(existsSync(path.join(ws.dir, ".workflow"))).toBe(false);
  });

  it("runs an assumed task type with --yes once the chain is named, or from a planned session", async () => {
    const ws = workspace();
    const named = await ws.run([
      "coordinator",
      "codex",
      "Dark mode for the settings page",
      "--chain",
      "quick-implementation",
      "--yes",
      "--json",
      "--codex-bin",
      FAKE_CODEX,
    ]);
    expect(named.code).toBe(0);
    const planned = await ws.run([
      "coordinator",
      "codex",
      "Dark mode for the settings page",
      "--plan-only",
    ]);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain("no rule matched: assumed feature");
    const id = sessionIdIn(planned.stderr);
    expect(readState(ws.dir, id).analysis).toMatchObject({ task_type: "feature", assumed: true });
    const resumed = await ws.run(["coordinator", "resume", id, "--yes", "--codex-bin", FAKE_CODEX]);
    expect(resumed.code).toBe(0);
    expect(readState(ws.dir, id).status).toBe("completed");
  });

  it("warns in one line when the Codex version is outside the validated range", async () => {
    const ws = workspace();
    // Probes are remembered per binary within a process: this test needs a binary of its own.
    const oldCodex = path.join(ws.root, "old-codex.mjs");
    copyFileSync(FAKE_CODEX, oldCodex);
    // The fake writes the step's declared artifacts from the samples next to it.
    copyFileSync(
      path.join(path.dirname(FAKE_CODEX), "artifact-samples.json"),
      path.join(ws.root, "artifact-samples.json"),
    );
    chmodSync(oldCodex, 0o755);
    const result = await runCli(
      ["coordinator", "codex", "Clean up dead code", "--yes", "--codex-bin", oldCodex],
      {
        cwd: ws.dir,
        env: { ...ws.env, FAKE_CODEX_VERSION: "0.99.0" },
        homedir: ws.root,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stderr.split("\n").filter((line) => line.startsWith("warning:"))).toEqual([
      expect.stringMatching(/^warning: .*0\.99\.0.*0\.125\.0/),
    ]);
  });

  it.each([
    [["--max-retries", "-1"], "option '--max-retries <n>' argument '-1' is invalid"],
    [["--timeout", "soon"], "option '--timeout <duration>' argument 'soon' is invalid"],
    [
      ["--depth", "shallow"],
      "option '--depth <depth>' argument 'shallow' is invalid. Allowed choices are standard, deep.",
    ],
    [["--sandbox", "none"], "Allowed choices are read-only, workspace-write, danger-full-access."],
    [
      ["--max-repairs", "6"],
      "option '--max-repairs <n>' argument '6' is invalid. expected a whole number of repair turns from 0 (off) to 5.",
    ],
    [
      ["--verify", " "],
      "option '--verify <command>' argument ' ' is invalid. expected a command, not an empty text.",
    ],
    [
      ["--chain", "lite-plan-a"],
      "--chain: lite-plan-a is one step of unit quick-implementation (lite-plan-a → execute); a unit runs whole",
    ],
  ])("rejects %j as a usage error", async (options, message) => {
    const ws = workspace();
    const result = await ws.run(["coordinator", "codex", "do it", ...options]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("stores --max-repairs and every --verify in the session's options", async () => {
    const ws = workspace();
    const result = await ws.run([
      "coordinator",
      "codex",
      "Add a greet function",
      "--plan-only",
      "--json",
      "--max-repairs",
      "2",
      "--verify",
      "npm test",
      "--verify",
      "npm run lint && echo ok",
    ]);
    expect(result.code).toBe(0);
    expect(SessionState.parse(JSON.parse(result.stdout)).options).toMatchObject({
      max_repairs: 2,
      verify: ["npm test", "npm run lint && echo ok"],
    });
  });

  it("runs a single step of a unit with --allow-partial", async () => {
    const ws = workspace();
    const result = await ws.run([
      "coordinator",
      "codex",
      "plan only",
      "--chain",
      "lite-plan-a",
      "--allow-partial",
      "--plan-only",
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(SessionState.parse(JSON.parse(result.stdout)).units).toEqual([
      { id: "lite-plan-a", name: "lite-plan-a (partial)", steps: [0], status: "pending" },
    ]);
  });

  it("names a missing prompt, where it looked, and how to install the pack", async () => {
    const ws = workspace();
    const result = await runCli(["coordinator", "codex", "Add a button"], {
      cwd: ws.dir,
      env: { CODEX_HOME: path.join(ws.root, "empty-home") },
    });
    expect(result.code).toBe(66);
    expect(result.stderr).toContain("ccw: error: prompt lite-plan-a not found");
    expect(result.stderr).toContain(
      `looked in: ${path.join(ws.dir, ".codex", "prompts")}, ${path.join(ws.root, "empty-home", "prompts")}`,
    );
    expect(result.stderr).toContain("ccw workflow install --codex");
  });

  it("plans from the prompt pack shipped with ccw when the project and CODEX_HOME have none", async () => {
    const ws = workspace();
    const pack = path.resolve(".codex", "prompts");
    const result = await runCli(["coordinator", "codex", "Add a button", "--plan-only", "--json"], {
      cwd: ws.dir,
      env: { CODEX_HOME: path.join(ws.root, "empty-home") },
      builtinPrompts: pack,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "planned" });
    const listed = await runCli(["codex", "prompts", "list", "--json"], {
      cwd: ws.dir,
      env: { CODEX_HOME: path.join(ws.root, "empty-home") },
      builtinPrompts: pack,
    });
    const prompts = JSON.parse(listed.stdout).prompts as { name: string; source: string }[];
    expect(prompts.find((prompt) => prompt.name === "lite-plan-a")).toMatchObject({
      source: "builtin",
      path: path.join(pack, "lite-plan-a.md"),
    });
  });

  it("rejects a prompt whose placeholders the coordinator cannot bind, naming the placeholder", async () => {
    const ws = workspace();
    mkdirSync(path.join(ws.dir, ".codex", "prompts"), { recursive: true });
    writeFileSync(
      path.join(ws.dir, ".codex", "prompts", "clean.md"),
      "Clean $TARGET_DIR for $TASK\n",
    );
    const result = await ws.run(["coordinator", "codex", "Clean up", "--chain", "cleanup"]);
    expect(result.code).toBe(65);
    expect(result.stderr).toContain("it uses $TARGET_DIR, which the coordinator cannot bind");
  });
});

describe("ccw coordinator status, list, abort, resume", () => {
  async function plannedSession() {
    const ws = workspace();
    const planned = await ws.run(["coordinator", "codex", "Add a search box", "--plan-only"]);
    return { ws, id: sessionIdIn(planned.stderr) };
  }

  it("status --json prints the state; the view names the next action", async () => {
    const { ws, id } = await plannedSession();
    const json = await ws.run(["coordinator", "status", id, "--json"]);
    expect(SessionState.parse(JSON.parse(json.stdout)).session_id).toBe(id);
    const human = await ws.run(["coordinator", "status", "--last"]);
    expect(human.stdout).toContain(`${id} · planned · 0/2 done`);
    expect(human.stdout).toContain(`next: run it: ccw coordinator resume ${id} --yes`);
  });

  it("list --json follows its schema", async () => {
    const { ws, id } = await plannedSession();
    const result = await ws.run(["coordinator", "list", "--json"]);
    const listing = SessionListing.parse(JSON.parse(result.stdout));
    expect(listing.sessions).toEqual([
      expect.objectContaining({
        session_id: id,
        status: "planned",
        progress: { done: 0, total: 2 },
        current: "lite-plan-a",
        next: "execute",
      }),
    ]);
  });

  it("list shows the newest --limit sessions (20 by default), says how many it left out, --all shows every one", async () => {
    const { ws } = await plannedSession();
    await ws.run(["coordinator", "codex", "Add a login page", "--plan-only"]);
    await ws.run(["coordinator", "codex", "Add a logout button", "--plan-only"]);
    const all = SessionListing.parse(
      JSON.parse((await ws.run(["coordinator", "list", "--all", "--json"])).stdout),
    );
    expect(all.sessions).toHaveLength(3);
    expect(all.omitted).toBe(0);
    const limited = await ws.run(["coordinator", "list", "--limit", "2", "--json"]);
    const listing = SessionListing.parse(JSON.parse(limited.stdout));
    expect(listing.sessions).toEqual(all.sessions.slice(0, 2));
    expect(listing.omitted).toBe(1);
    expect(limited.stderr).toContain("1 older session not shown (3 in all): --all shows every one");
    const byDefault = await ws.run(["coordinator", "list"]);
    expect(byDefault.stdout.trim().split("\n")).toHaveLength(4);
    expect(byDefault.stderr).toBe("");
    expect((await ws.run(["coordinator", "list", "--limit", "0"])).code).toBe(2);
    expect((await ws.run(["coordinator", "list", "--limit", "2", "--all"])).code).toBe(2);
  });

  it("reports an invalid state.json with its JSON path and leaves it untouched", async () => {
    const { ws, id } = await plannedSession();
    const file = path.join(ws.dir, ".workflow", ".codex-coordinator", id, "state.json");
    const broken = readFileSync(file, "utf8").replace('"max_retries": 1', '"max_retries": "one"');
    writeFileSync(file, broken);
    for (const command of [
      ["status", id],
      ["resume", id, "--yes"],
    ]) {
      const result = await ws.run(["coordinator", ...command]);
      expect(result.code).toBe(65);
      expect(result.stderr).toContain(
        `${file}: $.options.max_retries: Invalid input: expected number, received string`,
      );
      expect(result.stderr).toContain("The file was left untouched.");
    }
    expect(readFileSync(file, "utf8")).toBe(broken);
  });

  it.each(["../outside", "a/b", "..", "-rf"])("rejects the unsafe session id %j", async (id) => {
    const ws = workspace();
    const result = await ws.run(["coordinator", "status", id]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invalid session id|unknown option/);
  });

  it("reports an unknown session as not found (66)", async () => {
    const ws = workspace();
    const result = await ws.run(["coordinator", "status", "codex-coord-20990101-000000-0000"]);
    expect(result.code).toBe(66);
    expect(result.stderr).toContain("no session codex-coord-20990101-000000-0000 in");
  });

  it("abort makes a session final: resume refuses it", async () => {
    const { ws, id } = await plannedSession();
    expect((await ws.run(["coordinator", "abort", id])).stdout).toBe(`${id}: aborted\n`);
    const resumed = await ws.run(["coordinator", "resume", id, "--yes"]);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain("was aborted; an aborted session never runs again");
  });

  it("resume without --yes and without a terminal shows the session and runs nothing", async () => {
    const { ws, id } = await plannedSession();
    const result = await ws.run(["coordinator", "resume", id]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${id} · planned`);
    expect(result.stderr).toContain(
      `Not running without --yes (stdin is not a terminal): ccw coordinator resume ${id} --yes`,
    );
    expect(readState(ws.dir, id).status).toBe("planned");
  });
});
