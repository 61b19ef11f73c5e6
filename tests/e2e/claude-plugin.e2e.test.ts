/**
 * The codex-coordinator plugin with the real Claude Code: it validates (the marketplace, and the
 * plugin folder against the public directory's rules), installs into a fresh HOME from this
 * checkout, lists its command, and its SessionStart hook's text reaches the model.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import type { MessagesServer } from "../../ccw/src/dev/messages-server/server.js";
import {
  type ClaudeWorld,
  ccwIn,
  claudePrint,
  firstMainRequest,
  REAL_CLAUDE_BIN,
  startClaude,
  startClaudeWorld,
} from "../helpers/claude-e2e.js";
import { REPO_ROOT } from "../helpers/codex-e2e.js";
import { sessionIdIn } from "../helpers/coordinator-e2e.js";

const run = promisify(execFile);

let world: ClaudeWorld | undefined;
let server: MessagesServer | undefined;
afterEach(async () => {
  await server?.close();
  await world?.close();
  server = undefined;
  world = undefined;
});

async function claude(args: string[], env: Record<string, string>, cwd = REPO_ROOT) {
  try {
    const { stdout, stderr } = await run(REAL_CLAUDE_BIN, args, { cwd, env, timeout: 90_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}

describe("the codex-coordinator plugin in the real Claude Code", () => {
  it("passes claude plugin validate --strict, on the repository and, for the directory, on its folder", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "ccw-claude-validate-"));
    const env = { PATH: process.env.PATH ?? "", HOME: home, DISABLE_AUTOUPDATER: "1" };
    const marketplace = await claude(["plugin", "validate", "--strict", REPO_ROOT], env);
    expect(marketplace.output).toContain("Validation passed");
    expect(marketplace.code).toBe(0);
    const folder = path.join(REPO_ROOT, "plugins", "codex-coordinator");
    const directory = await claude(
      ["plugin", "validate", "--strict", "--profile", "directory", folder],
      env,
    );
    expect(directory.output).toContain("These checks found nothing to report");
    expect(directory.output).toContain('hooks: SessionStart command "ccw hook session-context"');
    expect(directory.code).toBe(0);
    rmSync(home, { recursive: true, force: true });
  }, 120_000);

  it("installs from the checkout into a fresh HOME: its command is listed and its SessionStart hook reaches the model", async () => {
    world = await startClaudeWorld({ rules: [] });
    const planned = await ccwIn(world, [
      "coordinator",
      "codex",
      "Fix the login timeout",
      "--plan-only",
    ]);
    const id = sessionIdIn(planned.stderr);
    const started = await startClaude(world, { turns: [{ say: "Noted." }] });
    server = started.server;

    const added = await claude(
      ["plugin", "marketplace", "add", REPO_ROOT],
      started.env,
      world.workspace,
    );
    expect(added.code, added.output).toBe(0);
    const installed = await claude(
      ["plugin", "install", "codex-coordinator@ccw-codex"],
      started.env,
      world.workspace,
    );
    expect(installed.code, installed.output).toBe(0);

    const result = await claudePrint(world, started.env, "What is unfinished here?");
    expect(result.events.at(-1), result.stderr).toMatchObject({
      type: "result",
      subtype: "success",
    });
    const init = result.events.find((event) => event.subtype === "init");
    expect(init?.slash_commands).toContain("codex-coordinator:codex-coordinator");
    expect(JSON.stringify(init?.plugins)).toContain("codex-coordinator");
    const first = firstMainRequest(server);
    expect(first).toContain(`${id}: planned, not started`);
    expect(first).toContain(`ccw coordinator resume ${id} --yes --detach`);
  }, 180_000);
});
