/**
 * CoverageReportV1: the wrapper's coverage compared with one upstream union under a platform
 * filter (specs/parity.md §5). Deltas name what upstream has and the wrapper does not use
 * (missing), what the rules exclude, what the wrapper waives or only forwards, and what the
 * wrapper claims that upstream no longer has (wrapper_only: stale, never a parity gap).
 */
import { UsageError } from "../errors.js";
import { comparePaths, compareStrings, pathKey } from "./json-text.js";
import { Exclusions, type RulesV1 } from "./rules.js";
import {
  type CoverageReportV1,
  DELTA_KEYS,
  type DeltaItem,
  type DeltaKey,
  type Deltas,
  type PlatformFilter,
  type UpstreamSnapshotUnionV2,
  type WrapperCoverageV1,
  type WrapperLevel,
} from "./schemas.js";
import { type PresenceFilter, UpstreamIndex } from "./upstream-index.js";
import { mergeLevels, type WrapperUnitLevel } from "./wrapper-levels.js";

/** The filters a report can be taken under; `exact_target` needs the target. */
export type ReportFilter = PlatformFilter;

/** Report file name for a filter: `coverage.any.json`, `coverage.<target>.json`, `coverage.all.json`. */
export function reportFileName(filter: ReportFilter): string {
  if (filter.mode === "exact_target") return `coverage.${filter.target_triple ?? "unknown"}.json`;
  return `coverage.${filter.mode}.json`;
}

/** The filters `report --version` writes: any, each input target, and all when complete. */
export function standardFilters(union: UpstreamSnapshotUnionV2): ReportFilter[] {
  return [
    { mode: "any" },
    ...union.inputs.map((input) => ({
      mode: "exact_target" as const,
      target_triple: input.target_triple,
    })),
    ...(union.complete ? [{ mode: "all" as const }] : []),
  ];
}

function presenceFor(filter: ReportFilter, union: UpstreamSnapshotUnionV2): PresenceFilter {
  switch (filter.mode) {
    case "any":
      return (on) => on.length > 0;
    case "exact_target": {
      const target = filter.target_triple;
      if (target === undefined)
        throw new UsageError("an exact_target filter needs a target triple");
      if (!union.inputs.some((input) => input.target_triple === target)) {
        throw new UsageError(`the union has no snapshot for ${target}`);
      }
      return (on) => on.includes(target);
    }
    case "all":
      if (!union.complete) {
        throw new UsageError(
          `a report for all targets needs a complete union; missing: ${(union.missing_targets ?? []).join(", ")}`,
        );
      }
      return (on) => union.expected_targets.every((target) => on.includes(target));
  }
}

type Unit = "command" | "flag" | "arg";

/** Compares two coverage items: by path, then unit (command, flag, arg), then key or name. */
export function compareDeltaItems(a: DeltaItem, b: DeltaItem): number {
  const unit = (item: DeltaItem) => (item.key !== undefined ? 1 : item.name !== undefined ? 2 : 0);
  return (
    comparePaths(a.path, b.path) ||
    unit(a) - unit(b) ||
    compareStrings(a.key ?? a.name ?? "", b.key ?? b.name ?? "")
  );
}

/** Builds one report. Pure: the inputs are parsed artifacts. */
export function buildCoverageReport(options: {
  union: UpstreamSnapshotUnionV2;
  coverage: WrapperCoverageV1;
  rules: RulesV1;
  filter: ReportFilter;
  generatedAt: string;
}): CoverageReportV1 {
  const { union, coverage, rules, filter } = options;
  const index = new UpstreamIndex(union, presenceFor(filter, union));
  const lists = new Map<DeltaKey, DeltaItem[]>(DELTA_KEYS.map((key) => [key, []]));
  const push: Push = (key, entry) => lists.get(key)?.push(entry);
  const wrapper = resolveWrapper(coverage, index, push);
  classifyUpstream(index, wrapper, rules, push);
  return {
    schema_version: 1,
    generated_at: options.generatedAt,
    inputs: {
      upstream: {
        semantic_version: union.inputs[0]?.binary.semantic_version ?? "0.0.0",
        mode: "union",
        targets: union.inputs.map((input) => input.target_triple),
      },
      wrapper: { schema_version: 1, wrapper_version: coverage.wrapper_version },
      rules: { rules_schema_version: rules.rules_schema_version },
    },
    platform_filter:
      filter.mode === "exact_target"
        ? { mode: filter.mode, target_triple: filter.target_triple }
        : { mode: filter.mode },
    deltas: sortedDeltas(lists),
  };
}

/** Adds an item to one delta list. */
type Push = (key: DeltaKey, entry: DeltaItem) => void;

/** The wrapper's identities, resolved onto upstream identities (global flags onto the root). */
interface ResolvedWrapper {
  readonly commands: Map<string, WrapperUnitLevel>;
  readonly flags: Map<string, WrapperUnitLevel[]>;
  readonly args: Map<string, WrapperUnitLevel>;
}

/** Resolves the wrapper's coverage onto `index`; what upstream lacks is wrapper-only. */
function resolveWrapper(
  coverage: WrapperCoverageV1,
  index: UpstreamIndex,
  push: Push,
): ResolvedWrapper {
  const wrapper: ResolvedWrapper = { commands: new Map(), flags: new Map(), args: new Map() };
  for (const entry of coverage.coverage) {
    wrapper.commands.set(pathKey(entry.path), entry);
    if (index.command(entry.path) === undefined) {
      push("wrapper_only_commands", item(entry.path, {}, [], entry));
    }
    for (const flag of entry.flags ?? []) {
      const resolved = index.resolveFlag(entry.path, flag.key);
      if (resolved === undefined) {
        push("wrapper_only_flags", item(entry.path, { key: flag.key }, [], flag));
        continue;
      }
      const id = `${pathKey(resolved.path)}\u0000${flag.key}`;
      wrapper.flags.set(id, [...(wrapper.flags.get(id) ?? []), flag]);
    }
    for (const arg of entry.args ?? []) {
      if (index.arg(entry.path, arg.name) === undefined) {
        push("wrapper_only_args", item(entry.path, { name: arg.name }, [], arg));
        continue;
      }
      wrapper.args.set(`${pathKey(entry.path)}\u0000${arg.name}`, arg);
    }
  }
  return wrapper;
}

/** Every upstream command, flag and arg, excluded or classified by the wrapper's level. */
function classifyUpstream(
  index: UpstreamIndex,
  wrapper: ResolvedWrapper,
  rules: RulesV1,
  push: Push,
): void {
  const exclusions = new Exclusions(rules.parity_exclusions.units);
  const order = rules.wrapper_coverage.levels_strongest_first;
  const classify = (
    unit: Unit,
    path: string[],
    id: { key?: string; name?: string },
    on: string[],
    level: WrapperUnitLevel | undefined,
  ) => classifyUnit({ unit, path, id, on, level }, wrapper, push);
  for (const command of index.commands()) {
    const path = command.path;
    const excluded = exclusions.command(path);
    if (excluded) {
      push("excluded_commands", item(path, {}, command.available_on, { note: excluded.note }));
      continue;
    }
    classify("command", path, {}, command.available_on, wrapper.commands.get(pathKey(path)));
    for (const flag of index.flags(command)) {
      const excludedFlag = exclusions.flag(path, flag.key);
      if (excludedFlag) {
        push(
          "excluded_flags",
          item(path, { key: flag.key }, flag.available_on, { note: excludedFlag.note }),
        );
        continue;
      }
      const levels = wrapper.flags.get(`${pathKey(path)}\u0000${flag.key}`);
      classify(
        "flag",
        path,
        { key: flag.key },
        flag.available_on,
        levels && mergeLevels(levels, order),
      );
    }
    for (const arg of index.args(command)) {
      const excludedArg = exclusions.arg(path, arg.name);
      if (excludedArg) {
        push(
          "excluded_args",
          item(path, { name: arg.name }, arg.available_on, { note: excludedArg.note }),
        );
        continue;
      }
      classify(
        "arg",
        path,
        { name: arg.name },
        arg.available_on,
        wrapper.args.get(`${pathKey(path)}\u0000${arg.name}`),
      );
    }
  }
}

/** Where one upstream unit goes, by its wrapper level (or a waiver of a command above it). */
function classifyUnit(
  found: {
    unit: Unit;
    path: string[];
    id: { key?: string; name?: string };
    on: string[];
    level: WrapperUnitLevel | undefined;
  },
  wrapper: ResolvedWrapper,
  push: Push,
): void {
  const { unit, path, id, on, level } = found;
  const missingKey: DeltaKey =
    unit === "command" ? "missing_commands" : unit === "flag" ? "missing_flags" : "missing_args";
  if (level === undefined) {
    const waived = waivedAncestor(wrapper, path, unit !== "command");
    if (waived)
      push(
        "intentionally_unsupported",
        item(path, id, on, { level: "intentionally_unsupported", note: waived.note }),
      );
    else push(missingKey, item(path, id, on, undefined));
    return;
  }
  const target = LEVEL_DELTA[unit][level.level];
  if (target === "missing") push(missingKey, item(path, id, on, level));
  else if (target !== undefined) push(target, item(path, id, on, level));
}

/** The nearest command at or above `path` that the wrapper waives with a rationale. */
function waivedAncestor(
  wrapper: ResolvedWrapper,
  path: readonly string[],
  includeSelf: boolean,
): WrapperUnitLevel | undefined {
  for (let length = includeSelf ? path.length : path.length - 1; length >= 0; length--) {
    const entry = wrapper.commands.get(pathKey(path.slice(0, length)));
    if (entry?.level === "intentionally_unsupported" && entry.note !== undefined) return entry;
  }
  return undefined;
}

/** The delta lists, sorted; the three missing lists are always there, the others when not empty. */
function sortedDeltas(lists: Map<DeltaKey, DeltaItem[]>): Deltas {
  const deltas: Record<string, DeltaItem[]> = {};
  for (const key of DELTA_KEYS) {
    const items = (lists.get(key) ?? []).sort(compareDeltaItems);
    if (
      items.length > 0 ||
      key === "missing_commands" ||
      key === "missing_flags" ||
      key === "missing_args"
    ) {
      deltas[key] = items;
    }
  }
  return deltas as Deltas;
}

/** Where a unit with a wrapper level goes: a delta list, `missing` (with the level), or nowhere. */
const LEVEL_DELTA: Record<Unit, Record<WrapperLevel, DeltaKey | "missing" | undefined>> = {
  command: {
    explicit: undefined,
    passthrough: "passthrough_candidates",
    intentionally_unsupported: "intentionally_unsupported",
    unsupported: "unsupported",
    unknown: "missing",
  },
  flag: {
    explicit: undefined,
    passthrough: undefined,
    intentionally_unsupported: "intentionally_unsupported",
    unsupported: "missing",
    unknown: "missing",
  },
  arg: {
    explicit: undefined,
    passthrough: undefined,
    intentionally_unsupported: "intentionally_unsupported",
    unsupported: "missing",
    unknown: "missing",
  },
};

function item(
  path: readonly string[],
  id: { key?: string; name?: string },
  on: readonly string[],
  level: { level?: WrapperLevel; note?: string | undefined } | undefined,
): DeltaItem {
  return {
    path: [...path],
    ...(id.key === undefined ? {} : { key: id.key }),
    ...(id.name === undefined ? {} : { name: id.name }),
    upstream_available_on: [...on],
    ...(level?.level === undefined ? {} : { wrapper_level: level.level }),
    ...(level?.note === undefined ? {} : { note: level.note }),
  };
}
