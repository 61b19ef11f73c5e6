/**
 * The hook fast path: `ccw/bin/ccw.js` sends `ccw hook parse-status|statusline|session-context` here (bundled
 * alone as ccw/dist/hook.cjs, CommonJS) so that a hook on every tool call starts almost as fast
 * as a bare `node`. Only node built-ins and the hook modules may be imported: no commander, and
 * zod only to describe a broken status file (a test inspects the bundle). `--help` goes to the
 * full CLI instead, which runs the same `parseStatus` and `statusline` functions.
 */
import { fstatSync, readFileSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { createStyler } from "../output.js";
import { readAll } from "./hook-input.js";
import type { HookIo, HookOutcome, ProcessProbe } from "./hook-outcome.js";
import { type ParseStatusOptions, parseStatus } from "./parse-status.js";
import { type HookFs, nodeHookFs } from "./read-status.js";
import { sessionContext } from "./session-context.js";
import { statusline } from "./statusline.js";

export type HookSubcommand = "parse-status" | "statusline" | "session-context";

/** Where the fast path writes: a stream, or a file descriptor written to directly. */
export interface HookWriter {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** What the fast path takes from the process; tests pass their own. */
export interface HookProcess {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readStdin: () => Promise<string | undefined>;
  readonly stdout: HookWriter;
  readonly stderr: HookWriter;
  readonly fs: HookFs;
  readonly processes: ProcessProbe;
}

/** This host, and `kill(pid, 0)` to ask whether a process exists (EPERM: it does). */
export const nodeProcessProbe: ProcessProbe = {
  hostname,
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code !== "ESRCH";
    }
  },
};

/** Entry called by ccw/bin/ccw.js: runs the hook and sets the process exit code. */
export async function runHook(subcommand: HookSubcommand, args: string[]): Promise<void> {
  process.exitCode = await runHookWith(subcommand, args, nodeHookProcess());
}

/** What the hook takes from this process: its folder, environment, stdin, stdout and stderr. */
export function nodeHookProcess(): HookProcess {
  return {
    cwd: process.cwd(),
    env: process.env,
    readStdin: readProcessStdin,
    stdout: fdWriter(1),
    stderr: fdWriter(2),
    fs: nodeHookFs,
    processes: nodeProcessProbe,
  };
}

/** Runs one hook subcommand with `args` (after the subcommand) and returns the exit code. */
export async function runHookWith(
  subcommand: HookSubcommand,
  args: readonly string[],
  proc: HookProcess,
): Promise<number> {
  const io: HookIo = {
    cwd: proc.cwd,
    readStdin: proc.readStdin,
    fs: proc.fs,
    processes: proc.processes,
  };
  let outcome: HookOutcome;
  try {
    if (subcommand === "parse-status") {
      const options = parseParseStatusArgs(args);
      outcome =
        typeof options === "string" ? usageFailure(options) : await parseStatus(options, io);
    } else {
      const extra = args[0];
      outcome =
        extra === undefined
          ? await (subcommand === "statusline" ? statusline(io) : sessionContext(io))
          : usageFailure(
              extra.startsWith("-")
                ? `unknown option '${extra}'`
                : `too many arguments for '${subcommand}'. Expected 0 arguments but got ${args.length}.`,
            );
    }
  } catch (error) {
    // parse-status --path reports internal errors; the hook modes already swallow theirs.
    const message = error instanceof Error ? error.message : String(error);
    proc.stderr.write(`ccw: internal error: ${message}\n`);
    if (proc.env.CCW_DEBUG === "1" && error instanceof Error && error.stack) {
      proc.stderr.write(`${error.stack}\n`);
    }
    return 70;
  }
  return emit(outcome, proc);
}

/**
 * Writes to a file descriptor with one synchronous call: like stdin, process.stdout and
 * process.stderr are streams whose creation costs more than the hook's output. Falls back to
 * the stream when the descriptor is a full non-blocking pipe (EAGAIN).
 */
function fdWriter(fd: 1 | 2): HookWriter {
  return {
    // Only colours depend on it. A character device is taken for a terminal (or /dev/null,
    // where colour does no harm) without loading node:tty, which pulls in node:net.
    isTTY: isCharacterDevice(fd),
    write(text: string) {
      try {
        const bytes = Buffer.from(text);
        for (let written = 0; written < bytes.length; ) {
          written += writeSync(fd, bytes, written);
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
        (fd === 1 ? process.stdout : process.stderr).write(text);
      }
    },
  };
}

/**
 * stdin read with one synchronous call: creating process.stdin (a stream over the pipe) costs
 * more start-up time than the hook's whole work. Falls back to the stream for a non-blocking
 * pipe (EAGAIN).
 */
async function readProcessStdin(): Promise<string | undefined> {
  if (isCharacterDevice(0) && (await import("node:tty")).isatty(0)) return undefined;
  try {
    return readFileSync(0, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EAGAIN") return readAll(process.stdin);
    if (code === "EOF" || code === "EBADF" || code === "ENXIO") return "";
    throw error;
  }
}

function isCharacterDevice(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}

function emit(outcome: HookOutcome, proc: HookProcess): number {
  switch (outcome.kind) {
    case "print":
      proc.stdout.write(outcome.text);
      return 0;
    case "silent":
      if (proc.env.CCW_DEBUG === "1" && outcome.debug) {
        proc.stderr.write(`ccw: debug: ${outcome.debug}\n`);
      }
      return 0;
    case "fail": {
      const style = createStyler(proc.stderr, proc.env);
      proc.stderr.write(`${style.red(`ccw: error: ${outcome.message}`)}\n`);
      if (outcome.hint) proc.stderr.write(`${outcome.hint}\n`);
      return outcome.exitCode;
    }
  }
}

function usageFailure(message: string): HookOutcome {
  return { kind: "fail", exitCode: 2, message };
}

/** The options of parse-status, or a usage message; mirrors what commander accepts. */
function parseParseStatusArgs(args: readonly string[]): ParseStatusOptions | string {
  let path: string | undefined;
  let stdin = false;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--stdin") stdin = true;
    else if (arg === "--json") json = true;
    else if (arg === "--path" || arg.startsWith("--path=")) {
      const value = arg === "--path" ? args[++i] : arg.slice("--path=".length);
      if (value === undefined || (arg === "--path" && value.startsWith("-"))) {
        return "option '--path <file>' argument missing";
      }
      path = value;
    } else if (arg === "--") {
      if (i + 1 < args.length) return tooMany(args.length - i - 1);
    } else if (arg.startsWith("-")) {
      return `unknown option '${arg}'`;
    } else {
      return tooMany(1);
    }
  }
  return { path, stdin, json };
}

function tooMany(count: number): string {
  return `too many arguments for 'parse-status'. Expected 0 arguments but got ${count}.`;
}
