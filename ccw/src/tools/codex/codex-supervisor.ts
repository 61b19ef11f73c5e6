/**
 * The supervisor that ties a Codex run to the ccw that started it (issue 20, orphans). ccw
 * starts a small Node program as the leader of a new process group and hands it a lifeline (a
 * pipe, stdio fd 3); the supervisor starts Codex in its own group with ccw's stdin, stdout and
 * stderr pipes, tells ccw over the lifeline whether Codex started, and then waits. When Codex
 * exits the supervisor exits the same way. When the lifeline closes while Codex runs (ccw was
 * killed, even with SIGKILL), it stops the whole group: SIGTERM, then SIGKILL a second later,
 * so that nothing of the run outlives its coordinator by more than about 1.5 s.
 *
 * It runs as `node -e <SUPERVISOR_SOURCE> -- <file> <args...>`: no file to find on disk, no
 * shell, and the arguments reach Codex as they are.
 */
import type { ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";

/** What the supervisor writes on its lifeline once it tried to start Codex. */
export const SPAWNED_LINE = "spawned";
/** The prefix of the line it writes when Codex could not start (then the error's text). */
export const SPAWN_ERROR_PREFIX = "error ";

/** How long Codex gets between the group's SIGTERM and SIGKILL once ccw is gone. */
export const ORPHAN_GRACE_MS = 1000;

/** The supervisor's source: plain CommonJS, node built-ins only. */
export const SUPERVISOR_SOURCE = `"use strict";
(function supervise() {
const { spawn } = require("node:child_process");
const net = require("node:net");
const os = require("node:os");
const [file, ...args] = process.argv.slice(1);
const lifeline = new net.Socket({ fd: 3, readable: true, writable: true });
let parentGone = false;
let exited = false;
const killGroup = (signal) => {
  try { process.kill(-process.pid, signal); } catch {}
};
let child;
try {
  child = spawn(file, args, { stdio: "inherit" });
} catch (error) {
  lifeline.end(${JSON.stringify(SPAWN_ERROR_PREFIX)} + (error && error.message ? error.message : String(error)) + "\\n", () => process.exit(127));
  return;
}
child.once("spawn", () => lifeline.write(${JSON.stringify(SPAWNED_LINE)} + "\\n"));
child.once("error", (error) => {
  if (child.pid !== undefined) return;
  exited = true;
  const code = error && error.code ? error.code + ": " : "";
  lifeline.end(${JSON.stringify(SPAWN_ERROR_PREFIX)} + code + (error && error.message ? error.message : String(error)) + "\\n", () => process.exit(127));
});
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(signal, () => {
    if (parentGone) return;
    try { child.kill(signal); } catch {}
  });
}
const gone = () => {
  if (parentGone || exited) return;
  parentGone = true;
  killGroup("SIGTERM");
  setTimeout(() => killGroup("SIGKILL"), ${ORPHAN_GRACE_MS});
};
lifeline.on("data", () => {});
lifeline.on("end", gone);
lifeline.on("close", gone);
lifeline.on("error", gone);
child.once("exit", (code, signal) => {
  exited = true;
  if (parentGone) killGroup("SIGKILL");
  lifeline.destroy();
  if (signal) {
    process.removeAllListeners(signal);
    try { process.kill(process.pid, signal); } catch {}
    setTimeout(() => process.exit(128 + (os.constants.signals[signal] || 0)), 200);
  } else {
    process.exit(code === null ? 1 : code);
  }
});
})();
`;

/** The argv of `node` that runs `file args...` under the supervisor. */
export function supervisorArgv(file: string, args: readonly string[]): string[] {
  return ["-e", SUPERVISOR_SOURCE, "--", file, ...args];
}

/** What the first line on the lifeline says: started, or why not. */
export function parseLifelineLine(
  line: string,
): { started: true } | { started: false; error: string } {
  if (line === SPAWNED_LINE) return { started: true };
  if (line.startsWith(SPAWN_ERROR_PREFIX))
    return { started: false, error: line.slice(SPAWN_ERROR_PREFIX.length) };
  return { started: false, error: `the supervisor said: ${line || "nothing"}` };
}

/**
 * Waits for the supervisor's word on whether Codex started. The lifeline then stays open,
 * unread, until ccw exits: its closing is what tells the supervisor that ccw is gone.
 */
export async function codexStarted(child: ChildProcess): Promise<Error | undefined> {
  const lifeline = child.stdio[3] as Readable | null | undefined;
  if (!lifeline) return new Error("the supervisor has no lifeline");
  lifeline.on("error", () => undefined);
  const line = await new Promise<string>((resolve) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const end = text.indexOf("\n");
      if (end >= 0) finish(text.slice(0, end));
    };
    const finish = (value: string) => {
      lifeline.removeListener("data", onData);
      lifeline.removeListener("end", onEnd);
      resolve(value);
    };
    const onEnd = () => finish(text);
    lifeline.on("data", onData);
    lifeline.once("end", onEnd);
  });
  const said = parseLifelineLine(line);
  if (said.started) return undefined;
  const coded = /^([A-Z][A-Z0-9_]*): (.*)$/.exec(said.error);
  const error: NodeJS.ErrnoException = new Error(coded?.[2] ?? said.error);
  if (coded?.[1] !== undefined) error.code = coded[1];
  return error;
}
