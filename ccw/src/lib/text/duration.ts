/**
 * The one rule for durations on ccw's command line (`--timeout`, `--stall-limit`, `--older-than`
 * and their config keys): a bare number is seconds (`30` = 30 s), otherwise a number with a unit
 * as `ms` reads it (`90s`, `30m`, `2h`, `1.5h`, `7d`). Empty, negative, zero and unknown units are
 * refused, with the reason.
 */
import ms from "ms";

/** The rule, for help texts and error hints. */
export const DURATION_HINT = 'a duration such as "90s", "30m" or "2h" (a bare number is seconds)';

/** Milliseconds, or why `text` is not a duration. */
export function parseDuration(
  text: string,
): { ok: true; ms: number } | { ok: false; problem: string } {
  const trimmed = text.trim();
  if (trimmed === "")
    return { ok: false, problem: `an empty value is not a duration; give ${DURATION_HINT}` };
  let value: number | undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) value = Number(trimmed) * 1000;
  else if (/^\d+(\.\d+)?\s*[a-z]+$/i.test(trimmed)) {
    const parsed: unknown = ms(trimmed as ms.StringValue);
    value = typeof parsed === "number" ? parsed : undefined;
  }
  if (value === undefined || !Number.isFinite(value))
    return {
      ok: false,
      problem: `${JSON.stringify(text)} is not a duration; give ${DURATION_HINT}`,
    };
  const rounded = Math.round(value);
  if (rounded <= 0)
    return { ok: false, problem: `${JSON.stringify(text)} is not a positive duration` };
  return { ok: true, ms: rounded };
}
