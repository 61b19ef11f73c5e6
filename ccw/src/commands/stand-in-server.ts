/**
 * What `ccw dev model-server` and `ccw dev messages-server` share: start a scripted stand-in on
 * 127.0.0.1, log each request on stderr, print the port alone on stdout (last, once everything
 * else is ready), and serve until Ctrl-C.
 */
import type { CliContext } from "../context.js";
import { describeFsError, UsageError } from "../errors.js";
import { parsePort } from "../lib/text/port-number.js";
import { shellQuote } from "../lib/text/shell-quote.js";

/** What both stand-ins offer. */
interface StandIn {
  readonly port: number;
  readonly baseUrl: string;
  readonly requests: readonly unknown[];
  close(): Promise<void>;
}

/** The port `--port` asks for (checked before anything else is read), or 0 for a free one. */
export function standInPort(flag: string | undefined): number {
  return flag === undefined ? 0 : parsePort(flag);
}

/** Serves the stand-in `start` makes (on `--port`, else a free port) until interrupted. */
export async function serveStandIn<S extends StandIn>(
  ctx: CliContext,
  options: {
    /** `model server`, `messages server`: how its lines start. */
    readonly name: string;
    /** From standInPort: 0 for a free one. */
    readonly port: number;
    /** Starts it on `port`, logging each request with `log`. */
    readonly start: (port: number, log: (line: string) => void) => Promise<S>;
    /** What its script holds, for the first line: `3 rules`. */
    readonly summary: string;
    /** Work to do once it listens, before the port is printed (writing a home for it). */
    readonly ready?: (server: S) => Promise<void>;
  },
): Promise<void> {
  const { port } = options;
  const stopped = ctx.interruptSignal();
  const server = await options
    .start(port, (line) => ctx.stderr.write(`${line}\n`))
    .catch((error: unknown) => {
      throw new UsageError(`cannot listen on 127.0.0.1:${port}: ${describeFsError(error)}`, {
        hint: "Pick another --port, or leave it out to get a free one.",
      });
    });
  try {
    ctx.stderr.write(`${options.name}: ${server.baseUrl} (${options.summary})\n`);
    await options.ready?.(server);
    // The port goes out last: a script that waits for it finds the home already written.
    ctx.stdout.write(`${server.port}\n`);
    ctx.stderr.write("Ctrl-C stops it.\n");
    await new Promise<void>((resolve) => {
      if (stopped.aborted) resolve();
      stopped.addEventListener("abort", () => resolve(), { once: true });
    });
    ctx.stderr.write(`${options.name}: stopped after ${server.requests.length} requests\n`);
  } finally {
    await server.close();
  }
}

/** `A=1 B='x y'`: an environment as shell assignments, for a hint. */
export function envAssignments(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}=${shellQuote(value)}`)
    .join(" ");
}
