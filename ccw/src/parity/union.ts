/**
 * UpstreamSnapshotUnionV2: the per-target snapshots of one Codex version merged, each unit
 * tagged with the targets it appears on. Missing non-required targets make the union
 * incomplete (and say which); a missing required target is an error.
 */
import { InvalidDataError } from "../errors.js";
import { flagKeyOf, INFERRED_FROM_USAGE } from "./help-parser.js";
import { comparePaths, compareStrings, pathKey } from "./json-text.js";
import type { RulesV1 } from "./rules.js";
import type {
  SnapshotArg,
  SnapshotCommand,
  SnapshotFlag,
  UnionArg,
  UnionCommand,
  UnionConflict,
  UnionFlag,
  UpstreamSnapshotUnionV2,
  UpstreamSnapshotV1,
} from "./schemas.js";
import { sortTargets } from "./targets.js";

type Scalar = string | number | boolean | null;

/** Merges per-target snapshots of one version (at least the required target's). */
export function buildUnion(
  snapshots: readonly UpstreamSnapshotV1[],
  rules: RulesV1,
): UpstreamSnapshotUnionV2 {
  const { expected } = rules.targets;
  const first = snapshots[0];
  if (first === undefined) throw new InvalidDataError("no per-target snapshots to merge");
  const version = first.binary.semantic_version;
  const byTarget = snapshotsByTarget(snapshots, version, rules);
  const targets = sortTargets(byTarget.keys(), expected);
  const missing = expected.filter((target) => !byTarget.has(target));
  const ordered = targets.map((target) => ({
    target,
    snapshot: byTarget.get(target) as UpstreamSnapshotV1,
  }));

  const commandsByPath = new Map<
    string,
    { path: string[]; perTarget: Map<string, SnapshotCommand> }
  >();
  for (const { target, snapshot } of ordered) {
    for (const command of snapshot.commands) {
      const key = pathKey(command.path);
      const entry = commandsByPath.get(key) ?? { path: command.path, perTarget: new Map() };
      entry.perTarget.set(target, command);
      commandsByPath.set(key, entry);
    }
  }
  const rootKeys = new Set<string>();
  for (const command of commandsByPath.get("")?.perTarget.values() ?? []) {
    for (const flag of command.flags ?? []) rootKeys.add(flagKeyOf(flag));
  }
  const commands = [...commandsByPath.values()]
    .sort((a, b) => comparePaths(a.path, b.path))
    .map(({ path, perTarget }) =>
      mergeCommand(path, perTarget, targets, path.length === 0 ? new Set() : rootKeys),
    );

  const collectedAt = ordered
    .map(({ snapshot }) => snapshot.collected_at)
    .sort(compareStrings)
    .at(-1);
  return {
    snapshot_schema_version: 2,
    tool: "codex-cli",
    mode: "union",
    collected_at: collectedAt ?? first.collected_at,
    expected_targets: [...expected],
    complete: missing.length === 0,
    ...(missing.length === 0 ? {} : { missing_targets: missing }),
    inputs: ordered.map(({ target, snapshot }) => ({
      target_triple: target,
      binary: snapshot.binary,
      collected_at: snapshot.collected_at,
      ...(snapshot.features === undefined ? {} : { features: snapshot.features }),
    })),
    commands,
  };
}

/** The snapshots by target, checked: one version, expected targets only, the required one present. */
function snapshotsByTarget(
  snapshots: readonly UpstreamSnapshotV1[],
  version: string,
  rules: RulesV1,
): Map<string, UpstreamSnapshotV1> {
  const { expected, required } = rules.targets;
  const byTarget = new Map<string, UpstreamSnapshotV1>();
  for (const snapshot of snapshots) {
    const target = snapshot.binary.target_triple;
    if (snapshot.binary.semantic_version !== version) {
      throw new InvalidDataError(
        `snapshots of different Codex versions cannot be merged: ${version} and ${snapshot.binary.semantic_version} (${target})`,
      );
    }
    if (!expected.includes(target)) {
      throw new InvalidDataError(
        `snapshot target ${target} is not in RULES.json targets.expected (${expected.join(", ")})`,
      );
    }
    if (byTarget.has(target)) throw new InvalidDataError(`two snapshots for target ${target}`);
    byTarget.set(target, snapshot);
  }
  if (!byTarget.has(required)) {
    throw new InvalidDataError(
      `the union of Codex ${version} needs the required target ${required}`,
      {
        hint: `Take its snapshot first: ccw codex-parity snapshot --codex-bin <codex> --out-file cli_manifests/codex/snapshots/${version}/${required}.json`,
      },
    );
  }
  return byTarget;
}

function mergeCommand(
  path: string[],
  perTarget: Map<string, SnapshotCommand>,
  targets: readonly string[],
  rootKeys: ReadonlySet<string>,
): UnionCommand {
  const availableOn = targets.filter((target) => perTarget.has(target));
  const canonical = perTarget.get(availableOn[0] ?? "") as SnapshotCommand;
  const conflicts: UnionConflict[] = [];
  const note: NoteConflict = (unit, id, field, values) => {
    if (new Set(values.values()).size > 1) {
      conflicts.push({ unit, path, ...id, field, values_by_target: Object.fromEntries(values) });
    }
  };
  for (const field of ["about", "usage"] as const) {
    note(
      "command",
      {},
      field,
      new Map(availableOn.map((t) => [t, perTarget.get(t)?.[field] ?? null])),
    );
  }

  const flags = mergeUnits(
    availableOn,
    (target) =>
      (perTarget.get(target)?.flags ?? []).filter((flag) => !rootKeys.has(flagKeyOf(flag))),
    flagKeyOf,
  ).map((unit) => mergeFlag(unit, note));

  const args = mergeUnits(
    availableOn,
    (target) => perTarget.get(target)?.args ?? [],
    (arg) => arg.name,
  ).map((unit) => mergeArg(unit, note));

  conflicts.sort(
    (a, b) =>
      compareStrings(a.unit, b.unit) ||
      compareStrings(a.key ?? a.name ?? "", b.key ?? b.name ?? "") ||
      compareStrings(a.field, b.field),
  );
  return {
    path,
    available_on: availableOn,
    ...(canonical.about === undefined ? {} : { about: canonical.about }),
    ...(canonical.usage === undefined ? {} : { usage: canonical.usage }),
    ...(flags.length === 0 ? {} : { flags }),
    ...(args.length === 0 ? {} : { args }),
    ...(conflicts.length === 0 ? {} : { conflicts }),
  };
}

/** Records a conflict when the targets do not agree on `field` of one unit of a command. */
type NoteConflict = (
  unit: UnionConflict["unit"],
  id: { key?: string; name?: string },
  field: string,
  values: Map<string, Scalar>,
) => void;

/** One unit (a flag or an argument) as the targets that have it show it. */
interface UnitOnTargets<T> {
  readonly key: string;
  readonly on: string[];
  readonly perUnit: Map<string, T>;
}

function mergeFlag(
  { key, on, perUnit }: UnitOnTargets<SnapshotFlag>,
  note: NoteConflict,
): UnionFlag {
  const flag = perUnit.get(on[0] ?? "") as SnapshotFlag;
  for (const field of ["takes_value", "value_name", "repeatable"] as const) {
    note("flag", { key }, field, new Map(on.map((t) => [t, perUnit.get(t)?.[field] ?? null])));
  }
  const merged: UnionFlag = {
    key,
    ...(flag.long === undefined ? {} : { long: flag.long }),
    ...(flag.short === undefined ? {} : { short: flag.short }),
    takes_value: flag.takes_value ?? false,
    ...(flag.value_name === undefined ? {} : { value_name: flag.value_name }),
    ...(flag.repeatable === true ? { repeatable: true } : {}),
    available_on: on,
  };
  return merged;
}

function mergeArg({ key, on, perUnit }: UnitOnTargets<SnapshotArg>, note: NoteConflict): UnionArg {
  const arg = perUnit.get(on[0] ?? "") as SnapshotArg;
  for (const field of ["required", "variadic"] as const) {
    note("arg", { name: key }, field, new Map(on.map((t) => [t, perUnit.get(t)?.[field] ?? null])));
  }
  const inferred = arg.note === INFERRED_FROM_USAGE;
  const merged: UnionArg = {
    name: key,
    ...(arg.required === undefined ? {} : { required: arg.required }),
    ...(arg.variadic === true ? { variadic: true } : {}),
    ...(inferred ? { inferred_from_usage: true } : {}),
    ...(arg.note === undefined || inferred ? {} : { note: arg.note }),
    available_on: on,
  };
  return merged;
}

/** Groups the units of every target by key; keys sorted, targets in target order. */
function mergeUnits<T>(
  targets: readonly string[],
  unitsOf: (target: string) => readonly T[],
  keyOf: (unit: T) => string,
): { key: string; on: string[]; perUnit: Map<string, T> }[] {
  const byKey = new Map<string, Map<string, T>>();
  for (const target of targets) {
    for (const unit of unitsOf(target)) {
      const key = keyOf(unit);
      const perTarget = byKey.get(key) ?? new Map<string, T>();
      if (!perTarget.has(target)) perTarget.set(target, unit);
      byKey.set(key, perTarget);
    }
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([key, perUnit]) => ({ key, on: targets.filter((t) => perUnit.has(t)), perUnit }));
}
