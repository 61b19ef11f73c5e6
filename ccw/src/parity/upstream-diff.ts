/**
 * What changed between two upstream unions: commands, flags and args that appeared or went
 * away. The report says what the wrapper lacks; this says what Codex itself changed.
 */
import { comparePaths, compareStrings, describePath, pathKey } from "./json-text.js";
import type { UpstreamSnapshotUnionV2 } from "./schemas.js";

/** One identity: `codex exec`, `codex exec --json`, `codex exec <PROMPT>`. */
export interface SurfaceUnit {
  readonly path: readonly string[];
  readonly key?: string;
  readonly name?: string;
}

export interface UpstreamDiff {
  readonly from: string;
  readonly to: string;
  readonly added: readonly SurfaceUnit[];
  readonly removed: readonly SurfaceUnit[];
}

function units(union: UpstreamSnapshotUnionV2): Map<string, SurfaceUnit> {
  const found = new Map<string, SurfaceUnit>();
  for (const command of union.commands) {
    found.set(`${pathKey(command.path)}\u0000`, { path: command.path });
    for (const flag of command.flags ?? [])
      found.set(`${pathKey(command.path)}\u0000${flag.key}`, { path: command.path, key: flag.key });
    for (const arg of command.args ?? [])
      found.set(`${pathKey(command.path)}\u0000<${arg.name}>`, {
        path: command.path,
        name: arg.name,
      });
  }
  return found;
}

function compareUnits(a: SurfaceUnit, b: SurfaceUnit): number {
  const kind = (unit: SurfaceUnit) =>
    unit.key !== undefined ? 1 : unit.name !== undefined ? 2 : 0;
  return (
    comparePaths(a.path, b.path) ||
    kind(a) - kind(b) ||
    compareStrings(a.key ?? a.name ?? "", b.key ?? b.name ?? "")
  );
}

/** The identities only `to` has (added) and only `from` has (removed). */
export function diffUnions(
  from: UpstreamSnapshotUnionV2,
  to: UpstreamSnapshotUnionV2,
): UpstreamDiff {
  const before = units(from);
  const after = units(to);
  const only = (a: Map<string, SurfaceUnit>, b: Map<string, SurfaceUnit>) =>
    [...a.entries()]
      .filter(([id]) => !b.has(id))
      .map(([, unit]) => unit)
      .sort(compareUnits);
  return {
    from: from.inputs[0]?.binary.semantic_version ?? "?",
    to: to.inputs[0]?.binary.semantic_version ?? "?",
    added: only(after, before),
    removed: only(before, after),
  };
}

/** `codex exec --json`, `codex exec <PROMPT>`, `codex exec`. */
export function describeUnit(unit: SurfaceUnit): string {
  const id = unit.key ?? (unit.name === undefined ? undefined : `<${unit.name}>`);
  return id === undefined ? describePath(unit.path) : `${describePath(unit.path)} ${id}`;
}
