/**
 * /codex-coordinator in the real Claude Code's interactive TUI, driven through tmux, with the
 * real Codex behind ccw: the user answers AskUserQuestion (Run), the status line shows the
 * detached run's progress while the model waits, Claude Code exits in the middle of the run,
 * the run completes anyway, and `wait` in a new Claude Code session reports it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { MessagesServer } from "../../ccw/src/dev/messages-server/server.js";
import {
  type ClaudeWorld,
  ccwIn,
  claudePrint,
  installProjectCommand,
  REAL_CLAUDE_BIN,
  startClaude,
  startClaudeWorld,
  toolResults,
} from "../helpers/claude-e2e.js";
import {
  PLAN_ASK_RUN_WAIT,
  RUN_QUESTION,
  SLOW_QUICK_IMPLEMENTATION,
  WAIT_LAST,
} from "../helpers/claude-scripts.js";
import { eventually } from "../helpers/codex-e2e.js";
import {
  isAlive,
  readState,
  sessionFolder,
  sessionIdIn,
  waitFor,
} from "../helpers/coordinator-e2e.js";
import { hasTmux, TmuxSession } from "../helpers/tmux.js";

let world: ClaudeWorld | undefined;
let tmux: TmuxSession | undefined;
const servers: MessagesServer[] = [];
afterEach(async () => {
  tmux?.kill();
  for (const server of servers.splice(0)) await server.close();
  await world?.close();
  tmux = undefined;
  world = undefined;
});

describe("/codex-coordinator in Claude Code's TUI (tmux)", () => {
  it("asks, shows progress in the status line, and the run outlives Claude Code; a new session's wait reports it", async () => {
    expect(hasTmux(), "tmux is not installed (apt-get install tmux)").toBe(true);
    world = await startClaudeWorld(SLOW_QUICK_IMPLEMENTATION);
    installProjectCommand(world.workspace);
    expect((await ccwIn(world, ["hook", "install", "--project"])).code).toBe(0);
    const first = await startClaude(world, PLAN_ASK_RUN_WAIT);
    servers.push(first.server);
    const screens: string[] = [];
    const seen = async (pattern: RegExp, timeoutMs: number, what: string) => {
      const screen = await (tmux as TmuxSession).waitFor(pattern, timeoutMs, what);
      screens.push(screen);
      return screen;
    };

    tmux = TmuxSession.start(world.codex.root, [REAL_CLAUDE_BIN], {
      cwd: world.workspace,
      env: first.env,
    });
    await seen(/Claude Code v/, 60_000, "Claude Code to start");
    tmux.type("/codex-coordinator Add a greet function --chain quick-implementation");
    await new Promise((resolve) => setTimeout(resolve, 500));
    tmux.press("Enter");
    // The command menu may take the first Enter to complete the name: press again if needed.
    const asked = await eventually(
      () => first.server.requests.filter((request) => request.tools.length > 0).length,
      (count) => count > 0,
      10_000,
    );
    if (asked === 0) tmux.press("Enter");

    await seen(
      new RegExp(`${RUN_QUESTION.replace("?", "\\?")}[\\s\\S]*1\\. Run`),
      120_000,
      "the question",
    );
    tmux.press("Enter"); // the highlighted first option: Run
    const answered = () =>
      first.server.requests
        .flatMap((request) => request.toolResults)
        .some((result) => result.text.includes(`"${RUN_QUESTION}"="Run"`));
    // On a loaded machine the widget may not have taken the key yet: press again while it asks.
    for (
      let tries = 0;
      tries < 3 && !(await eventually(answered, (done) => done, 15_000));
      tries++
    ) {
      if (/1\. Run/.test((tmux as TmuxSession).screen())) tmux.press("Enter");
    }
    const id = await waitFor(
      () => {
        const text = first.server.requests.flatMap((request) => request.toolResults).at(0)?.text;
        return text === undefined ? undefined : sessionIdIn(text);
      },
      30_000,
      "the planned session",
    );
    await waitFor(
      () =>
        first.server.requests
          .flatMap((request) => request.toolResults)
          .some((result) => result.text.includes(`"${RUN_QUESTION}"="Run"`))
          ? true
          : undefined,
      60_000,
      "the answer Run to reach the model",
    );

    // The status line follows the run while the model waits on `ccw coordinator wait`.
    await seen(
      new RegExp(`CCW ${id}: running 0/2 lite-plan-a`),
      120_000,
      "step 1 on the status line",
    );
    await seen(new RegExp(`CCW ${id}: running 1/2 execute`), 120_000, "step 2 on the status line");

    // Claude Code exits in the middle of step 2.
    const runner = JSON.parse(
      readFileSync(path.join(sessionFolder(world.workspace, id), "runner.json"), "utf8"),
    ) as { pid: number };
    const claudePid = tmux.panePid();
    tmux.press("Escape");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    tmux.type("/exit");
    await new Promise((resolve) => setTimeout(resolve, 500));
    tmux.press("Enter");
    const exited = await eventually(
      () => claudePid === undefined || !isAlive(claudePid),
      (gone) => gone,
      20_000,
    );
    if (!exited) tmux.kill(); // SIGHUP: Claude Code exits as when its terminal closes
    await waitFor(
      () => (claudePid === undefined || !isAlive(claudePid) ? true : undefined),
      20_000,
      "Claude Code to exit",
    );
    expect(readState(world.workspace, id).status).toBe("running");
    expect(isAlive(runner.pid)).toBe(true);

    // A new Claude Code session follows the same run to its end.
    const second = await startClaude(world, WAIT_LAST);
    servers.push(second.server);
    const result = await claudePrint(world, second.env, "Has the coordinator run finished?", {
      extraArgs: ["--allowedTools", "Bash(ccw coordinator wait:*)"],
    });
    expect(result.events.at(-1), result.stderr).toMatchObject({
      type: "result",
      subtype: "success",
    });
    const results = toolResults(result.events);
    expect(results.filter((entry) => entry.isError)).toEqual([]);
    expect(results.at(-1)?.text).toContain(`${id}: completed (2/2 steps)`);
    const state = readState(world.workspace, id);
    expect(state.command_chain.map((step) => [step.status, step.attempts])).toEqual([
      ["completed", 1],
      ["completed", 1],
    ]);
    expect(world.codex.server.requests.filter((request) => !request.followUp)).toHaveLength(2);

    // The transcript never listed session files: git (and so Claude Code) ignores them.
    for (const screen of screens)
      expect(screen).not.toMatch(/state\.json|status\.json|events\.jsonl/);
  }, 420_000);
});
