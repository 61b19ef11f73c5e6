/**
 * The closed set of errors ccw reports to a user. The CLI entry maps each class to its exit
 * code and prints `message` plus `hint`; anything else that escapes is an internal error.
 * Exit codes are documented in docs/cli.md.
 */

/** Exit codes shared by every command (docs/cli.md). */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  /** `ccw coordinator wait`: the session stopped part-way and waits for a decision. */
  waiting: 4,
  invalidData: 65,
  notFound: 66,
  internal: 70,
  io: 74,
  busy: 75,
  timedOut: 124,
  codexNotFound: 127,
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class: a failure with a user-facing message, an optional next step, and an exit code. */
export abstract class CcwError extends Error {
  // Spelled out: the bundle is minified, so class names are not kept.
  abstract override readonly name: string;
  abstract readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}

/** Bad arguments or options: nothing was done. */
export class UsageError extends CcwError {
  override readonly name = "UsageError";
  readonly exitCode = ExitCode.usage;
}

/** A file or record the user named does not exist (a prompt, a session, a path). */
export class NotFoundError extends CcwError {
  override readonly name = "NotFoundError";
  readonly exitCode = ExitCode.notFound;
}

/** An input file exists but is not valid (frontmatter, state.json, a manifest). Left untouched. */
export class InvalidDataError extends CcwError {
  override readonly name = "InvalidDataError";
  readonly exitCode = ExitCode.invalidData;
}

/** Something another process owns right now (a session lock). */
export class BusyError extends CcwError {
  override readonly name = "BusyError";
  readonly exitCode = ExitCode.busy;
}

/** Reading or writing the file system failed (read-only workspace, disk full). */
export class StorageError extends CcwError {
  override readonly name = "StorageError";
  readonly exitCode = ExitCode.io;
}

/** The Codex executable could not be found or started. */
export class CodexNotFoundError extends CcwError {
  override readonly name = "CodexNotFoundError";
  readonly exitCode = ExitCode.codexNotFound;
}

/** The operation ran and did not succeed (a Codex step failed, a check found violations). */
export class OperationFailedError extends CcwError {
  override readonly name = "OperationFailedError";
  readonly exitCode: ExitCode;

  constructor(
    message: string,
    options: { hint?: string; cause?: unknown; exitCode?: ExitCode } = {},
  ) {
    super(message, options);
    this.exitCode = options.exitCode ?? ExitCode.failed;
  }
}

/** A short description of a caught file-system error, e.g. `EACCES: permission denied`. */
export function describeFsError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const text = error.message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "");
    return code ? `${code}: ${text}` : text;
  }
  return String(error);
}
