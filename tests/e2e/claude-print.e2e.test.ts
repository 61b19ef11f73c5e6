/**
 * /codex-coordinator in the real Claude Code's print mode, with the real Codex behind ccw: the
 * scripted model plans, runs the chain detached and waits for it, as the command says.
 */
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import type { MessagesServer } from "../../ccw/src/dev/messages-server/server.js";
import {
  type ClaudeWorld,
  ccwIn,
  claudePrint,
  firstMainRequest,
  installProjectCommand,
  startClaude,
  startClaudeWorld,
  toolResults,
} from "../helpers/claude-e2e.js";
import { PLAN_RUN_WAIT, QUICK_IMPLEMENTATION } from "../helpers/claude-scripts.js";
import { readState, sessionIdIn } from "../helpers/coordinator-e2e.js";

let world: ClaudeWorld | undefined;
let server: MessagesServer | undefined;
afterEach(async () => {
  await server?.close();
  await world?.close();
  server = undefined;
  world = undefined;
});

describe("/codex-coordinator in Claude Code's print mode", () => {
  it("plans, runs detached and waits: the chain completes, nothing is refused, .workflow/ stays out of git", async () => {
    world = await startClaudeWorld(QUICK_IMPLEMENTATION);
    installProjectCommand(world.workspace);
    expect((await ccwIn(world, ["hook", "install", "--project"])).code).toBe(0);
    // A session planned earlier, which the SessionStart hook names to the model.
    const earlier = await ccwIn(world, [
      "coordinator",
      "codex",
      "Fix the login timeout",
      "--plan-only",
    ]);
    const earlierId = sessionIdIn(earlier.stderr);

    const claude = await startClaude(world, PLAN_RUN_WAIT);
    server = claude.server;
    const result = await claudePrint(
      world,
      claude.env,
      "/codex-coordinator --yes Add a greet function --chain quick-implementation",
    );
    const final = result.events.at(-1);
    expect(final, result.stderr).toMatchObject({ type: "result", subtype: "success" });
    expect(final?.permission_denials).toEqual([]);
    expect(result.events.filter((event) => event.subtype === "permission_denied")).toEqual([]);
    const results = toolResults(result.events);
    expect(results.filter((entry) => entry.isError)).toEqual([]);

    // The command's body went to the model, the user's words in place of $ARGUMENTS.
    const init = result.events.find((event) => event.subtype === "init");
    expect(init?.slash_commands).toContain("codex-coordinator");
    expect(firstMainRequest(server)).toContain("# Codex Coordinator Command");
    expect(firstMainRequest(server)).toContain(
      "The user's request: --yes Add a greet function --chain quick-implementation",
    );
    // The SessionStart hook's text reached the model in its first request.
    expect(firstMainRequest(server)).toContain(earlierId);
    expect(firstMainRequest(server)).toContain(
      `ccw coordinator resume ${earlierId} --yes --detach`,
    );

    // The chain ran to the end, one Codex turn per step.
    const id = sessionIdIn(results[0]?.text ?? "");
    expect(results[1]?.text).toContain(`${id}: running in the background`);
    expect(results.at(-1)?.text).toContain(`${id}: completed (2/2 steps)`);
    const state = readState(world.workspace, id);
    expect(state.status).toBe("completed");
    expect(state.command_chain.map((step) => [step.command, step.status, step.attempts])).toEqual([
      ["lite-plan-a", "completed", 1],
      ["execute", "completed", 1],
    ]);
    expect(world.codex.server.requests.filter((request) => !request.followUp)).toHaveLength(2);
    expect(server.requests.filter((request) => request.answer === "unfilled")).toEqual([]);

    // Session files are ignored by git (and so left out of Claude Code's changed-file listing).
    const status = execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], {
      cwd: world.workspace,
      encoding: "utf8",
    });
    expect(status).toContain("src/greet.js");
    expect(status).not.toContain(".workflow/");
  }, 300_000);
});
