/**
 * Limits of the values that bound a Codex run. Node's timers hold a signed 32-bit number of
 * milliseconds: a longer delay fires after 1 ms (with a TimeoutOverflowWarning), so a longer
 * timeout would end a run at once instead of never.
 */
import ms from "ms";

/** The longest timeout a run can have: 2^31 - 1 ms, about 24.8 days. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The most retries of a failed coordinator step. */
export const MAX_RETRIES = 100;

/** Why `ms` is not a usable timeout, or undefined when it is. */
export function timeoutProblem(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms <= 0) return "it must be a positive duration";
  if (ms > MAX_TIMEOUT_MS) return "it is longer than the longest timeout ccw can wait (24 days)";
  return undefined;
}

/**
 * The milliseconds of a duration such as `90s`, `30m`, `2h` or `1.5h` (the `ms` package), or
 * undefined when `text` is none or not positive. A bare number is seconds with `bare: "seconds"`
 * (`ccw coordinator --timeout 90`); with `bare: "refused"` it is no duration, as it is ambiguous
 * (`ccw cli --timeout`), and a duration must be a number and a unit.
 */
export function parseDuration(text: string, bare: "seconds" | "refused"): number | undefined {
  let value: number | undefined;
  if (/^\d+$/.test(text)) {
    value = bare === "seconds" ? Number(text) * 1000 : undefined;
  } else if (bare === "seconds" || /^\s*\d+(\.\d+)?\s*[a-z]+\s*$/i.test(text)) {
    // ms throws on an empty string; that is no duration either.
    value = text.trim() === "" ? undefined : (ms(text as ms.StringValue) as number | undefined);
  }
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The most repair turns `--max-repairs` allows per attempt (each is a Codex turn). */
export const MAX_REPAIRS = 5;

/** Repair turns per attempt when the session does not say (`--max-repairs` default). */
export const DEFAULT_MAX_REPAIRS = 1;
