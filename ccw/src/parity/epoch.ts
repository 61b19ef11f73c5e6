import { UsageError } from "../errors.js";

/** Largest epoch accepted: the end of year 9999, the last instant an ISO timestamp can hold. */
const MAX_EPOCH_SECONDS = 253_402_300_799;

/** An RFC 3339 UTC timestamp with second precision, e.g. `2026-11-21T00:00:00Z`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The timestamp that `SOURCE_DATE_EPOCH` (integer seconds since 1970, the reproducible-builds
 * convention) stands for. Missing or invalid values are usage errors: generated artifacts must
 * not depend on the clock.
 */
export function timestampFromEpoch(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === "") {
    throw new UsageError("SOURCE_DATE_EPOCH is not set", {
      hint: "Set it to integer seconds since 1970, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct).",
    });
  }
  const text = raw.trim();
  const seconds = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seconds) || seconds > MAX_EPOCH_SECONDS) {
    throw new UsageError(
      `SOURCE_DATE_EPOCH must be integer seconds since 1970, found ${JSON.stringify(raw.slice(0, 40))}`,
      { hint: "Use a whole number such as 1795219200 (no sign, no fraction, no date text)." },
    );
  }
  return isoSeconds(new Date(seconds * 1000));
}

/** `SOURCE_DATE_EPOCH` when set, else the clock: for artifacts that may be refreshed ad hoc. */
export function timestampFromEpochOrClock(raw: string | undefined, now: () => Date): string {
  if (raw === undefined || raw.trim() === "") return isoSeconds(now());
  return timestampFromEpoch(raw);
}
