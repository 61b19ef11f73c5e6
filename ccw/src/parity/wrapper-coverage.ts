/**
 * WrapperCoverageV1, derived from the wrapper's own code (specs/parity.md §3): every catalog
 * scenario goes through the real argv builder, and each argv token is mapped back to an
 * identity through the builder's flag table. Pure: no files, no processes, no clock, no env.
 */
import { buildCodexExecArgv } from "../tools/codex/codex-argv.js";
import { CODEX_EXEC_FLAGS, type CodexFlagSpec } from "../tools/codex/codex-flags.js";
import { comparePaths, compareStrings, describePath, pathKey, toJsonText } from "./json-text.js";
import type { CoverageEntry, WrapperCoverageV1, WrapperLevel } from "./schemas.js";
import { WRAPPER_LEVELS } from "./schemas.js";
import { CAPABILITY_GUARDED_NOTE, mergeLevels, type WrapperUnitLevel } from "./wrapper-levels.js";
import {
  INTENTIONAL_GAPS,
  type IntentionalGap,
  WRAPPER_SCENARIOS,
  type WrapperScenario,
} from "./wrapper-scenarios.js";

/** A flag table shaped like CODEX_EXEC_FLAGS (tests pass their own). */
export type FlagTable = Readonly<Record<string, CodexFlagSpec>>;

/** One identity the wrapper uses, with the level and note one source gives it. */
export interface CoverageUnit extends WrapperUnitLevel {
  readonly unit: "command" | "flag" | "arg";
  readonly path: readonly string[];
  readonly key?: string;
  readonly name?: string;
}

/**
 * Codex's help names of the positionals the wrapper can spawn, in order, per command path.
 * `-` (the prompt read from stdin) is always the PROMPT.
 */
const POSITIONALS: Readonly<Record<string, readonly string[]>> = {
  exec: ["PROMPT"],
  "exec resume": ["SESSION_ID", "PROMPT"],
};
const STDIN_PROMPT = "-";

/** A broken invariant between the builder and its table: a bug, reported with the argv. */
export class CoverageDerivationError extends Error {}

/** The identities one argv uses. */
export function unitsOfArgv(
  argv: readonly string[],
  table: FlagTable = CODEX_EXEC_FLAGS,
): CoverageUnit[] {
  const fail = (message: string): never => {
    throw new CoverageDerivationError(`${message} in argv ${JSON.stringify(argv)}`);
  };
  if (argv[0] !== "exec") fail('the argv does not start with "exec"');
  let path = ["exec"];
  // The root command parses every argv first (its global flags apply to exec), so it is used too.
  const units: CoverageUnit[] = [
    { unit: "command", path: [], level: "explicit" },
    { unit: "command", path, level: "explicit" },
  ];
  let positional = 0;
  for (let index = 1; index < argv.length; index++) {
    const token = argv[index] ?? "";
    if (token === "resume" && path.length === 1) {
      path = ["exec", "resume"];
      positional = 0;
      units.push({ unit: "command", path, level: "explicit" });
    } else if (token.startsWith("-") && token !== STDIN_PROMPT) {
      const spec =
        flagOfToken(table, token) ??
        fail(`token ${JSON.stringify(token)} is not in the flag table`);
      const expected = spec.position === "exec" ? "exec" : "exec resume";
      if (pathKey(path) !== expected)
        fail(`${spec.long} (position ${spec.position}) appears on ${describePath(path)}`);
      if (spec.takesValue && !token.includes("=")) index++;
      units.push({
        unit: "flag",
        path,
        key: spec.long,
        level: spec.channel === "passthrough" ? "passthrough" : "explicit",
        ...(spec.capabilityGuarded === true ? { note: CAPABILITY_GUARDED_NOTE } : {}),
      });
    } else {
      const names = POSITIONALS[pathKey(path)] ?? [];
      const name =
        token === STDIN_PROMPT
          ? "PROMPT"
          : (names.filter((n) => n !== "PROMPT")[positional++] ??
            fail(`unexpected positional ${JSON.stringify(token)}`));
      units.push({ unit: "arg", path, name, level: "explicit" });
    }
  }
  return units;
}

/** The table entry of an argv token: `--model`, `-m`, `--image=a.png`. */
export function flagOfToken(table: FlagTable, token: string): CodexFlagSpec | undefined {
  const head = token.startsWith("--") ? (token.split("=", 1)[0] ?? token) : token;
  return Object.values(table).find((spec) => spec.long === head || spec.short === head);
}

/** The units of one scenario: its request through the real builder, every flag allowed. */
export function unitsOfScenario(
  scenario: WrapperScenario,
  table: FlagTable = CODEX_EXEC_FLAGS,
): CoverageUnit[] {
  return unitsOfArgv(buildCodexExecArgv(scenario.request), table);
}

function unitsOfGap(gap: IntentionalGap): CoverageUnit {
  const base = { path: gap.path, level: "intentionally_unsupported" as const, note: gap.note };
  if (gap.key !== undefined) return { unit: "flag", key: gap.key, ...base };
  if (gap.name !== undefined) return { unit: "arg", name: gap.name, ...base };
  return { unit: "command", ...base };
}

/** Merges units into coverage entries, sorted (paths, then flags by key, args by name). */
export function mergeUnits(
  units: readonly CoverageUnit[],
  order: readonly WrapperLevel[] = WRAPPER_LEVELS,
): CoverageEntry[] {
  interface Pending {
    path: readonly string[];
    levels: WrapperUnitLevel[];
    flags: Map<string, WrapperUnitLevel[]>;
    args: Map<string, WrapperUnitLevel[]>;
  }
  const commands = new Map<string, Pending>();
  const entryOf = (path: readonly string[]) => {
    const key = pathKey(path);
    const found: Pending = commands.get(key) ?? {
      path,
      levels: [],
      flags: new Map(),
      args: new Map(),
    };
    commands.set(key, found);
    return found;
  };
  for (const unit of units) {
    const entry = entryOf(unit.path);
    const level = { level: unit.level, ...(unit.note === undefined ? {} : { note: unit.note }) };
    if (unit.unit === "command") entry.levels.push(level);
    else {
      const map = unit.unit === "flag" ? entry.flags : entry.args;
      const id = unit.key ?? unit.name ?? "";
      map.set(id, [...(map.get(id) ?? []), level]);
    }
  }
  return [...commands.values()]
    .sort((a, b) => comparePaths(a.path, b.path))
    .map(({ path, levels, flags, args }) => {
      if (levels.length === 0) {
        throw new CoverageDerivationError(
          `${describePath(path)} has flags or args but no command unit`,
        );
      }
      const flagList = [...flags.entries()]
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([key, list]) => ({ key, ...mergeLevels(list, order) }));
      const argList = [...args.entries()]
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([name, list]) => ({ name, ...mergeLevels(list, order) }));
      return {
        path: [...path],
        ...mergeLevels(levels, order),
        ...(flagList.length === 0 ? {} : { flags: flagList }),
        ...(argList.length === 0 ? {} : { args: argList }),
      };
    });
}

/** The inputs of a derivation; everything but the two strings defaults to the real catalog. */
export interface DeriveOptions {
  readonly generatedAt: string;
  readonly wrapperVersion: string;
  readonly scenarios?: readonly WrapperScenario[];
  readonly gaps?: readonly IntentionalGap[];
  readonly table?: FlagTable;
}

/** The manifest the catalog yields. Throws CoverageDerivationError on a broken invariant. */
export function deriveWrapperCoverage(options: DeriveOptions): WrapperCoverageV1 {
  const table = options.table ?? CODEX_EXEC_FLAGS;
  const emitted = (options.scenarios ?? WRAPPER_SCENARIOS).flatMap((scenario) =>
    unitsOfScenario(scenario, table),
  );
  const emittedIds = new Set(emitted.map(unitId));
  const gaps = (options.gaps ?? INTENTIONAL_GAPS).map(unitsOfGap);
  for (const gap of gaps) {
    if (emittedIds.has(unitId(gap))) {
      throw new CoverageDerivationError(
        `${describeUnit(gap)} is listed as intentionally unsupported, but the builder emits it`,
      );
    }
  }
  return {
    schema_version: 1,
    generated_at: options.generatedAt,
    wrapper_version: options.wrapperVersion,
    coverage: mergeUnits([...emitted, ...gaps]),
  };
}

function unitId(unit: CoverageUnit): string {
  return `${unit.unit}\u0000${pathKey(unit.path)}\u0000${unit.key ?? unit.name ?? ""}`;
}

function describeUnit(unit: CoverageUnit): string {
  const what = unit.unit === "command" ? "command" : `${unit.unit} ${unit.key ?? unit.name ?? ""}`;
  return `${what} on ${describePath(unit.path)}`;
}

/** Long forms of the table that no coverage entry names: flags added without a scenario. */
export function uncoveredFlags(
  coverage: WrapperCoverageV1,
  table: FlagTable = CODEX_EXEC_FLAGS,
): string[] {
  const covered = new Set(
    coverage.coverage.flatMap((entry) => (entry.flags ?? []).map((flag) => flag.key)),
  );
  return Object.values(table)
    .map((spec) => spec.long)
    .filter((long) => !covered.has(long))
    .sort(compareStrings);
}

/** The committed text of a derived manifest. */
export function renderWrapperCoverage(coverage: WrapperCoverageV1): string {
  return toJsonText(coverage);
}
