/**
 * The v1 policy of a wrapper coverage (specs/parity.md §3), for the generator (before it writes)
 * and for `validate` (on the committed file, raw JSON included).
 */

import { isRecord } from "../lib/json/json-checks.js";
import { comparePaths, compareStrings, describePath, isSortedBy, pathKey } from "./json-text.js";
import type { Exclusions } from "./rules.js";
import { CAPABILITY_GUARDED_NOTE } from "./wrapper-levels.js";

/** A wrapper-coverage policy problem, located by a JSON pointer into the manifest. */
export interface CoverageProblem {
  readonly code:
    | "WRAPPER_COVERAGE_EMPTY"
    | "WRAPPER_SCOPE_FORBIDDEN"
    | "WRAPPER_NOTE_POLICY"
    | "WRAPPER_INTENTIONALLY_UNSUPPORTED_NOTE"
    | "WRAPPER_EXCLUDED_IDENTITY"
    | "WRAPPER_DUPLICATE"
    | "WRAPPER_UNSORTED";
  readonly pointer: string;
  readonly message: string;
}

/**
 * The v1 policy checks of a wrapper coverage (parsed or raw JSON): non-empty, no `scope`
 * anywhere, notes only as the policy allows, no excluded identity, unique and sorted.
 */
export function checkWrapperCoverage(
  raw: unknown,
  exclusions: Exclusions | undefined,
): CoverageProblem[] {
  const problems: CoverageProblem[] = [];
  for (const pointer of scopePointers(raw, "")) {
    problems.push({
      code: "WRAPPER_SCOPE_FORBIDDEN",
      pointer,
      message: "v1 coverage must not carry scope fields",
    });
  }
  const coverage = isRecord(raw) && Array.isArray(raw.coverage) ? raw.coverage : undefined;
  if (coverage === undefined) return problems;
  if (coverage.length === 0) {
    problems.push({
      code: "WRAPPER_COVERAGE_EMPTY",
      pointer: "/coverage",
      message: "the coverage is empty: the generator found no wrapper surface",
    });
  }
  const paths = new Set<string>();
  const entries: { path: string[] }[] = [];
  coverage.forEach((entry: unknown, index: number) => {
    if (!isRecord(entry) || !isStringArray(entry.path)) return;
    const path = entry.path;
    const base = `/coverage/${index}`;
    entries.push({ path });
    if (paths.has(pathKey(path)))
      problems.push({
        code: "WRAPPER_DUPLICATE",
        pointer: base,
        message: `${describePath(path)} appears twice`,
      });
    paths.add(pathKey(path));
    checkNote(entry, base, `command ${describePath(path)}`, problems);
    if (exclusions?.command(path)) {
      problems.push({
        code: "WRAPPER_EXCLUDED_IDENTITY",
        pointer: base,
        message: `${describePath(path)} is an excluded (interactive UI) command`,
      });
    }
    checkUnits(entry, base, path, "flags", "key", exclusions, problems);
    checkUnits(entry, base, path, "args", "name", exclusions, problems);
  });
  if (!isSortedBy(entries, (a, b) => comparePaths(a.path, b.path))) {
    problems.push({
      code: "WRAPPER_UNSORTED",
      pointer: "/coverage",
      message: "entries must be sorted by path",
    });
  }
  return problems;
}

/** The flags (or args) of one coverage entry: unique, sorted, notes as allowed, none excluded. */
function checkUnits(
  entry: Record<string, unknown>,
  base: string,
  path: string[],
  field: "flags" | "args",
  idField: "key" | "name",
  exclusions: Exclusions | undefined,
  problems: CoverageProblem[],
): void {
  const list = Array.isArray(entry[field]) ? (entry[field] as unknown[]) : [];
  const ids: string[] = [];
  list.forEach((unit, unitIndex) => {
    if (!isRecord(unit) || typeof unit[idField] !== "string") return;
    const id = unit[idField] as string;
    const pointer = `${base}/${field}/${unitIndex}`;
    const what = `${field === "flags" ? "flag" : "arg"} ${id} on ${describePath(path)}`;
    if (ids.includes(id))
      problems.push({ code: "WRAPPER_DUPLICATE", pointer, message: `${what} appears twice` });
    ids.push(id);
    checkNote(unit, pointer, what, problems);
    // A global flag is compared at the root, so a root exclusion applies wherever it is used.
    const excluded =
      field === "flags"
        ? (exclusions?.flag(path, id) ?? exclusions?.flag([], id))
        : exclusions?.arg(path, id);
    if (excluded) {
      problems.push({
        code: "WRAPPER_EXCLUDED_IDENTITY",
        pointer,
        message: `${what} is excluded from parity (${excluded.category}): the wrapper must not emit it`,
      });
    }
  });
  if (!isSortedBy(ids, compareStrings)) {
    problems.push({
      code: "WRAPPER_UNSORTED",
      pointer: `${base}/${field}`,
      message: `${field} of ${describePath(path)} must be sorted by ${idField}`,
    });
  }
}

function checkNote(
  unit: Record<string, unknown>,
  pointer: string,
  what: string,
  problems: CoverageProblem[],
): void {
  const note = unit.note;
  if (unit.level === "intentionally_unsupported") {
    if (typeof note !== "string" || note.trim() === "") {
      problems.push({
        code: "WRAPPER_INTENTIONALLY_UNSUPPORTED_NOTE",
        pointer,
        message: `${what} is intentionally_unsupported without a rationale note`,
      });
    }
    return;
  }
  if (note !== undefined && note !== CAPABILITY_GUARDED_NOTE) {
    problems.push({
      code: "WRAPPER_NOTE_POLICY",
      pointer: `${pointer}/note`,
      message: `${what}: a ${String(unit.level)} unit may only carry the note "${CAPABILITY_GUARDED_NOTE}", found ${JSON.stringify(String(note).slice(0, 60))}`,
    });
  }
}

function* scopePointers(value: unknown, pointer: string): Generator<string> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* scopePointers(item, `${pointer}/${index}`);
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === "scope") yield `${pointer}/scope`;
      else yield* scopePointers(item, `${pointer}/${key}`);
    }
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
