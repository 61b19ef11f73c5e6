/** The coordinator's environment for a call made from the page: no terminal, output captured. */
import { PassThrough } from "node:stream";
import type { CliContext } from "../context.js";
import { type CoordinatorEnvironment, coordinatorEnvironment } from "../coordinator/environment.js";
import type { LockEnvironment } from "../coordinator/session-lock.js";
import type { SessionStore } from "../coordinator/session-store.js";
import { CcwError, NotFoundError } from "../errors.js";
import { ViewError } from "./view-error.js";

/** What a call from the page needs from the server. */
export interface PageContext {
  readonly ctx: CliContext;
  readonly workspace: string;
  readonly store: SessionStore;
  readonly lockEnvironment?: LockEnvironment;
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

/** The environment, with what the call writes to stdout and stderr kept apart. */
export async function pageEnvironment(
  context: PageContext,
): Promise<{ env: CoordinatorEnvironment; stdout: () => string; stderr: () => string }> {
  const out = capture();
  const err = capture();
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.end();
  const pageCtx: CliContext = {
    ...context.ctx,
    stdin,
    stdout: out.stream,
    stderr: err.stream,
    interruptSignal: () => new AbortController().signal,
  };
  const env = await coordinatorEnvironment(pageCtx, context.workspace, () => {});
  return {
    env: {
      ...env,
      store: context.store,
      ...(context.lockEnvironment ? { lockEnvironment: context.lockEnvironment } : {}),
    },
    stdout: out.text,
    stderr: err.text,
  };
}

/** Runs a coordinator call; its refusals become 404 (nothing there) or 409 for the page. */
export async function coordinatorCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CcwError) {
      const status = error instanceof NotFoundError ? 404 : 409;
      throw new ViewError(status, error.name, error.message, error.hint);
    }
    throw error;
  }
}
