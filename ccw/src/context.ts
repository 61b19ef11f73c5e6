import os from "node:os";
import type { Readable, Writable } from "node:stream";
import { createStyler, type Styler } from "./output.js";
import { builtinPromptDir } from "./package-info.js";

/** A writable stream as ccw sees it: it may be a terminal. */
export type OutputStream = Writable & { isTTY?: boolean; columns?: number };

/** An input stream as ccw sees it: it may be a terminal. */
export type InputStream = Readable & { isTTY?: boolean };

/**
 * Everything a command may take from the outside world. Only the CLI entry builds it from
 * `process`; tests build their own, so commands never read `process.*` themselves.
 */
export interface CliContext {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homedir: string;
  readonly stdin: InputStream;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Styles for text written to stderr (the human channel). */
  readonly style: Styler;
  /** Styles for text written to stdout. */
  readonly outStyle: Styler;
  /**
   * A signal aborted (reason `"SIGINT"` or `"SIGTERM"`) when the user interrupts. Calling it
   * takes over Ctrl-C for the rest of the process: the caller must stop and clean up when it
   * fires. A second Ctrl-C exits at once with 130. Commands that never call it keep the
   * default behaviour (the process ends on Ctrl-C).
   */
  readonly interruptSignal: () => AbortSignal;
  /**
   * The prompt pack shipped with ccw (its package's `.codex/prompts`), the last place prompts
   * are looked up; none when left out (tests that want only their own prompts).
   */
  readonly builtinPrompts?: string;
  /**
   * How to start this ccw again (the Node executable, then its script), for runs that continue
   * in a background process (`--detach`); absent when ccw does not run from its executable.
   */
  readonly selfCommand?: readonly [string, ...string[]];
}

/** The context of the running process. */
export function processContext(): CliContext {
  const { env, stdin, stdout, stderr } = process;
  let controller: AbortController | undefined;
  return {
    cwd: process.cwd(),
    env,
    homedir: os.homedir(),
    stdin,
    stdout,
    stderr,
    style: createStyler(stderr, env),
    outStyle: createStyler(stdout, env),
    builtinPrompts: builtinPromptDir(),
    ...(process.argv[1] === undefined
      ? {}
      : { selfCommand: [process.execPath, process.argv[1]] as const }),
    interruptSignal() {
      if (controller) return controller.signal;
      const created = new AbortController();
      controller = created;
      const onSignal = (signal: NodeJS.Signals) => {
        if (created.signal.aborted) process.exit(130);
        created.abort(signal);
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      return created.signal;
    },
  };
}
