import { readFileSync } from "node:fs";
import path from "node:path";
import { type ExclusionUnit, parseRules, type RulesV1 } from "../../ccw/src/parity/rules.js";
import type {
  DeltaItem,
  SnapshotCommand,
  UpstreamSnapshotV1,
  WrapperCoverageV1,
} from "../../ccw/src/parity/schemas.js";
import { MANIFESTS } from "./fixtures.js";

const rulesFile = path.join(MANIFESTS, "RULES.json");

/** The committed rules, optionally with other exclusions and targets. */
export function rulesWith(
  options: { exclusions?: ExclusionUnit[]; expected?: string[] } = {},
): RulesV1 {
  const rules = parseRules(readFileSync(rulesFile, "utf8"), rulesFile);
  return {
    ...rules,
    targets: options.expected ? { ...rules.targets, expected: options.expected } : rules.targets,
    parity_exclusions: options.exclusions
      ? { ...rules.parity_exclusions, units: options.exclusions }
      : rules.parity_exclusions,
  };
}

/** A per-target snapshot with just these commands. */
export function snapshotOf(
  target: string,
  commands: SnapshotCommand[],
  version = "1.0.0",
  collectedAt = "2026-01-01T00:00:00Z",
): UpstreamSnapshotV1 {
  return {
    snapshot_schema_version: 1,
    tool: "codex-cli",
    collected_at: collectedAt,
    binary: {
      sha256: "a".repeat(64),
      size_bytes: 1,
      platform: { os: "linux", arch: "x86_64" },
      target_triple: target,
      version_output: `codex-cli ${version}`,
      semantic_version: version,
    },
    commands,
  };
}

/** `--name` → a flag without a value; `--name=VALUE` → one with a value. */
export const flag = (spec: string) => {
  const [long = "", value] = spec.split("=");
  return value === undefined
    ? { long, takes_value: false }
    : { long, takes_value: true, value_name: value };
};

export const arg = (name: string) => ({ name, required: false });

/** A wrapper coverage with these entries (already sorted by the caller). */
export function coverageOf(entries: WrapperCoverageV1["coverage"]): WrapperCoverageV1 {
  return {
    schema_version: 1,
    generated_at: "2026-01-01T00:00:00Z",
    wrapper_version: "0.1.0",
    coverage: entries,
  };
}

/** One delta item as a line: `codex exec --json [unsupported] (note)`. */
export function line(item: DeltaItem): string {
  const id =
    item.key !== undefined ? ` ${item.key}` : item.name !== undefined ? ` <${item.name}>` : "";
  const level = item.wrapper_level === undefined ? "" : ` [${item.wrapper_level}]`;
  const note = item.note === undefined ? "" : ` (${item.note})`;
  return `${["codex", ...item.path].join(" ")}${id}${level}${note}`;
}
