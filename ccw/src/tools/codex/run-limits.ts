/**
 * Limits of the values that bound a Codex run. Node's timers hold a signed 32-bit number of
 * milliseconds: a longer delay fires after 1 ms (with a TimeoutOverflowWarning), so a longer
 * timeout would end a run at once instead of never.
 */

/** The longest timeout a run can have: 2^31 - 1 ms, about 24.8 days. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** How long a step may go without progress from Codex before it is stopped, by default. */
export const DEFAULT_STALL_MS = 5 * 60 * 1000;

/** The most retries of a failed coordinator step. */
export const MAX_RETRIES = 100;

/** Why `ms` is not a usable timeout, or undefined when it is. */
export function timeoutProblem(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms <= 0) return "it must be a positive duration";
  if (ms > MAX_TIMEOUT_MS) return "it is longer than the longest timeout ccw can wait (24 days)";
  return undefined;
}

/** A timer that fires after `ms` without progress; each progress starts it again. */
export function stallWatch(ms: number | undefined, fire: (ms: number) => void) {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    if (ms === undefined) return;
    clearTimeout(timer);
    timer = setTimeout(() => fire(ms), ms);
  };
  arm();
  return { progress: arm, clear: () => clearTimeout(timer) };
}

/** The most repair turns `--max-repairs` allows per attempt (each is a Codex turn). */
export const MAX_REPAIRS = 5;

/** Repair turns per attempt when the session does not say (`--max-repairs` default). */
export const DEFAULT_MAX_REPAIRS = 1;
