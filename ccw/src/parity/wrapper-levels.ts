import { compareStrings } from "./json-text.js";
import { WRAPPER_LEVELS, type WrapperLevel } from "./schemas.js";

/** The exact note of a unit the wrapper emits only after probing the installed Codex. */
export const CAPABILITY_GUARDED_NOTE = "capability-guarded";

/** A level with its optional note: what a scenario, an entry or a report item carries. */
export interface WrapperUnitLevel {
  readonly level: WrapperLevel;
  readonly note?: string | undefined;
}

/**
 * Merges the levels one identity got from several sources: the strongest level wins; the note
 * is the winner's, else the smallest non-empty note (code-unit order), else none.
 */
export function mergeLevels(
  units: readonly WrapperUnitLevel[],
  strongestFirst: readonly WrapperLevel[] = WRAPPER_LEVELS,
): WrapperUnitLevel {
  const rank = (level: WrapperLevel) => strongestFirst.indexOf(level);
  const first = units[0];
  if (first === undefined) throw new Error("mergeLevels needs at least one unit");
  const level = units.reduce(
    (best, unit) => (rank(unit.level) < rank(best) ? unit.level : best),
    first.level,
  );
  const smallest = (notes: (string | undefined)[]) =>
    notes
      .filter((note): note is string => note !== undefined && note !== "")
      .sort(compareStrings)[0];
  const note =
    smallest(units.filter((unit) => unit.level === level).map((unit) => unit.note)) ??
    smallest(units.map((unit) => unit.note));
  return note === undefined ? { level } : { level, note };
}
