/**
 * `ccw view`: checks the options, starts the server for the workspace, prints its URL (or
 * `{url, port, pid}`), opens the browser, and serves until Ctrl-C.
 */
import path from "node:path";
import type { CliContext } from "../context.js";
import { describeFsError, UsageError } from "../errors.js";
import { resolveWorkspace } from "../lib/fs/workspace.js";
import { packageRoot } from "../package-info.js";
import { openBrowser } from "./open-browser.js";
import { isLoopbackHost } from "./security.js";
import { startViewServer, type ViewServer } from "./view-server.js";

export interface ViewOptions {
  readonly cd?: string;
  readonly host: string;
  readonly port: number;
  readonly unsafeHost: boolean;
  readonly open: boolean;
  readonly json: boolean;
}

/** Refuses a host that is not loopback unless `--unsafe-host` is given (then warns). */
export function checkHost(host: string, unsafeHost: boolean): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  if (!unsafeHost) {
    throw new UsageError(`--host ${host} is not the loopback interface`, {
      hint: "ccw view serves your sessions (prompts, code, Codex's commands) and can run and abort them, so it listens on 127.0.0.1 only. Give --unsafe-host too if you really mean to expose it on the network.",
    });
  }
  return `warning: ccw view listens on ${host}: anyone who can reach it and learns the token can read every session and run or abort them.`;
}

/** The folder of the page's script, style and icon in the installed package. */
export function packagedAssets(): string {
  return path.join(packageRoot(), "ccw", "dist", "view");
}

/** Starts a server for `options` (the workspace checked first); used by `ccw view` and the demo. */
export async function startView(ctx: CliContext, options: ViewOptions): Promise<ViewServer> {
  const warning = checkHost(options.host, options.unsafeHost);
  const workspace = await resolveWorkspace(ctx.cwd, options.cd);
  if (warning) ctx.stderr.write(`${ctx.style.yellow(warning)}\n`);
  try {
    return await startViewServer({
      ctx,
      workspace,
      host: options.host,
      port: options.port,
      assetsDir: packagedAssets(),
      onWatchError: (message) =>
        ctx.stderr.write(`${ctx.style.yellow(`warning: watching the sessions: ${message}`)}\n`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
      throw new UsageError(
        `cannot listen on ${options.host}:${options.port}: ${describeFsError(error)}`,
        {
          hint: "Choose another port with --port <n> (0 picks a free one).",
        },
      );
    }
    throw error;
  }
}

/** `ccw view`: serves until Ctrl-C. */
export async function runView(ctx: CliContext, options: ViewOptions): Promise<void> {
  const server = await startView(ctx, options);
  // Taken before anything is printed: a script that reads the URL and then stops us must find
  // Ctrl-C/SIGTERM already handled.
  const signal = ctx.interruptSignal();
  if (options.json) {
    ctx.stdout.write(
      `${JSON.stringify({ url: server.url, port: server.port, pid: process.pid })}\n`,
    );
  } else {
    ctx.stdout.write(`${server.url}\n`);
    ctx.stderr.write("ccw view: serving this workspace's sessions; Ctrl-C stops it.\n");
  }
  if (options.open && !(await openBrowser(server.url))) {
    ctx.stderr.write("Could not open a browser; open the URL above yourself.\n");
  }
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.close();
  ctx.stderr.write("ccw view: stopped.\n");
}
