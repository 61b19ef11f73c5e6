/**
 * The buttons of the session page. Each one is refused when the page showed an older state
 * than the one on disk (its `updated_at` differs), then runs exactly what the CLI runs:
 * - resume starts `ccw coordinator resume <id> --yes` as its own process (the chain must go on
 *   when the page or `ccw view` goes away, and Ctrl-C in `ccw view` must not stop it), its
 *   output appended to the session's view-resume.log;
 * - abort calls the coordinator's own `abort` (the code behind `ccw coordinator abort`).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import type { CliContext } from "../context.js";
import { abort as abortSession } from "../coordinator/actions.js";
import { coordinatorEnvironment } from "../coordinator/environment.js";
import { type LockEnvironment, readLiveOwner } from "../coordinator/session-lock.js";
import type { SessionStore } from "../coordinator/session-store.js";
import { CcwError } from "../errors.js";
import type { SessionState } from "../session/state-schema.js";
import type { ActionEnded } from "./api-types.js";
import { availableActions } from "./session-detail.js";
import { ViewError } from "./view-error.js";

/** What the actions need from the server. */
export interface ActionContext {
  readonly ctx: CliContext;
  readonly workspace: string;
  readonly store: SessionStore;
  /** The command that runs ccw: `[node, ccw/bin/ccw.js]`. */
  readonly cliCommand: readonly string[];
  readonly lockEnvironment?: LockEnvironment;
  /** Called when a started action's process ends. */
  readonly ended: (event: ActionEnded) => void;
}

/** The name of the log a resume started from the page writes, in the session folder. */
export const RESUME_LOG = "view-resume.log";

/** Loads the session and refuses when the page's copy is stale. */
export async function loadCurrent(
  store: SessionStore,
  id: string,
  seen: string,
): Promise<SessionState> {
  const state = await store.load(id);
  if (state.updated_at !== seen) {
    throw new ViewError(
      409,
      "stale",
      `session ${id} changed since the page showed it (the page saw ${seen}, state.json says ${state.updated_at})`,
      "The page has been refreshed; look at the session again and repeat the action if it still applies.",
    );
  }
  return state;
}

/** Starts `ccw coordinator resume <id> --yes` for a session the page saw as `seen`. */
export async function resumeFromPage(
  context: ActionContext,
  id: string,
  seen: string,
): Promise<{ pid: number; log: string }> {
  const { store } = context;
  const state = await loadCurrent(store, id, seen);
  const owner = await readLiveOwner(store.files(id).lock, context.lockEnvironment);
  if (!availableActions(state, owner !== undefined, false).resume || owner) {
    throw new ViewError(
      409,
      "not_resumable",
      owner
        ? `session ${id} is being run by pid ${owner.pid}`
        : `session ${id} is ${state.status}; there is nothing to resume`,
    );
  }
  const logFile = path.join(store.files(id).dir, RESUME_LOG);
  const log = fs.openSync(logFile, "a");
  const [command, ...prefix] = context.cliCommand;
  if (command === undefined) throw new Error("no command to run ccw with");
  let child: ReturnType<typeof spawn>;
  try {
    fs.writeSync(
      log,
      `\n--- ${new Date().toISOString()} ccw coordinator resume ${id} --yes (from ccw view)\n`,
    );
    child = spawn(
      command,
      [...prefix, "coordinator", "resume", id, "--yes", "--cd", context.workspace],
      {
        cwd: context.workspace,
        env: { ...context.ctx.env },
        detached: true,
        stdio: ["ignore", log, log],
      },
    );
  } finally {
    fs.closeSync(log);
  }
  const pid = child.pid;
  if (pid === undefined) {
    throw new ViewError(500, "spawn_failed", `cannot start ccw (${command})`);
  }
  child.on("error", () => {});
  child.on("exit", (code, signal) => {
    context.ended({
      session: id,
      action: "resume",
      exit_code: code,
      message: `ccw coordinator resume ${id} ended with ${code === null ? `signal ${signal}` : `exit ${code}`}${code === 0 ? "" : `: ${lastLines(logFile)}`}`,
    });
  });
  child.unref();
  return { pid, log: path.relative(store.files(id).dir, logFile) };
}

/** Runs `ccw coordinator abort <id>`'s code for a session the page saw as `seen`. */
export async function abortFromPage(
  context: ActionContext,
  id: string,
  seen: string,
): Promise<{ output: string }> {
  const state = await loadCurrent(context.store, id, seen);
  if (!availableActions(state, false, false).abort) {
    throw new ViewError(
      409,
      "not_abortable",
      `session ${id} is ${state.status}; it cannot be aborted`,
    );
  }
  const output = new PassThrough();
  let text = "";
  output.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  const pageCtx: CliContext = {
    ...context.ctx,
    stdin: quietStdin(),
    stdout: output,
    stderr: output,
    interruptSignal: () => new AbortController().signal,
  };
  const env = await coordinatorEnvironment(pageCtx, context.workspace, () => {});
  try {
    await abortSession(
      {
        ...env,
        store: context.store,
        ...(context.lockEnvironment ? { lockEnvironment: context.lockEnvironment } : {}),
      },
      id,
    );
  } catch (error) {
    if (error instanceof CcwError) {
      throw new ViewError(409, "abort_failed", error.message, error.hint);
    }
    throw error;
  }
  return { output: text.trim() };
}

function quietStdin() {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.end();
  stdin.isTTY = false;
  return stdin;
}

function lastLines(file: string): string {
  try {
    const text = fs.readFileSync(file, "utf8").trimEnd();
    return text.split("\n").slice(-3).join(" / ").slice(-500);
  } catch {
    return "(no log)";
  }
}
