/**
 * How a run of ccw ends when something went wrong, shared by the full CLI (cli.ts) and the fast
 * paths that skip it (prompt-run/fast-entry.ts): one red line, the hint, the documented exit
 * code; a stack trace only with CCW_DEBUG=1.
 */
import type { CliContext } from "../context.js";
import { CcwError, ExitCode } from "../errors.js";

/** Reports `error` on stderr and returns the exit code it stands for. */
export function reportFailure(error: unknown, ctx: CliContext): number {
  const debug = ctx.env.CCW_DEBUG === "1";
  if (error instanceof CcwError) {
    ctx.stderr.write(`${ctx.style.red(`ccw: error: ${error.message}`)}\n`);
    if (error.hint) ctx.stderr.write(`${error.hint}\n`);
    if (debug && error.stack) ctx.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(`${ctx.style.red(`ccw: internal error: ${message}`)}\n`);
  if (debug && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
  else ctx.stderr.write("Set CCW_DEBUG=1 to see the stack trace, and please report it.\n");
  return ExitCode.internal;
}

/**
 * A reader that goes away (`ccw coordinator list | head -1`) or a terminal that closed (EIO
 * after SIGHUP) is not an error of ccw: stop writing to it quietly instead of dying with a
 * stack trace, and let the run finish saving its state.
 */
export function quietOnBrokenOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", () => stream.destroy());
  }
}
