/**
 * The four parity artifact kinds (specs/parity.md §2) as zod schemas: the source of truth for
 * parsing them, for their TypeScript types and for the committed SCHEMA.json. Objects are
 * strict, so an unknown field (a v2 `scope`, a typo) is an error rather than silently kept.
 */
import * as z from "zod";
import { SEMVER_PATTERN } from "./semver.js";

/** Wrapper coverage levels, strongest first (the merge order of specs/parity.md §3). */
export const WRAPPER_LEVELS = [
  "explicit",
  "passthrough",
  "intentionally_unsupported",
  "unsupported",
  "unknown",
] as const;

export const WrapperLevel = z.enum(WRAPPER_LEVELS);
export type WrapperLevel = z.infer<typeof WrapperLevel>;

export const TargetTriple = z
  .string()
  .regex(/^[0-9a-z_]+(?:-[0-9a-z_]+){2,3}$/, "expected a Rust target triple")
  .describe("A Rust target triple, e.g. x86_64-unknown-linux-musl");

export const CommandPath = z
  .array(z.string().regex(/^\S+$/, "expected a command token without whitespace"))
  .describe("Command tokens after `codex`; [] is the root command");
export type CommandPath = z.infer<typeof CommandPath>;

export const Timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, "expected an RFC 3339 UTC timestamp")
  .describe("RFC 3339 UTC timestamp with second precision");

export const SemanticVersion = z.string().regex(new RegExp(SEMVER_PATTERN), "expected a semver");

const LongFlag = z.string().regex(/^--[^\s=-][^\s=]*$/, "expected a long flag such as --model");
const ShortFlag = z.string().regex(/^-[^\s-]$/, "expected a short flag such as -m");
const FlagKey = z
  .string()
  .regex(/^(?:--[^\s=-][^\s=]*|-[^\s-])$/, "expected a flag key (--long, else -s)")
  .describe("The flag's long form if it has one, else its short form");
const Text = z.string().min(1);
const Targets = z.array(TargetTriple).min(1);

export const FeatureRow = z
  .strictObject({ name: Text, stage: Text, enabled_by_default: z.boolean() })
  .describe("One row of `codex features list`, collected with an empty CODEX_HOME");
export type FeatureRow = z.infer<typeof FeatureRow>;

export const BinaryInfo = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "expected 64 lowercase hex digits"),
  size_bytes: z.number().int().nonnegative(),
  platform: z.strictObject({ os: Text, arch: Text }),
  target_triple: TargetTriple,
  version_output: z.string(),
  semantic_version: SemanticVersion,
  channel: Text.optional(),
  commit: Text.optional(),
});
export type BinaryInfo = z.infer<typeof BinaryInfo>;

export const SnapshotArg = z.strictObject({
  name: Text,
  required: z.boolean().optional(),
  variadic: z.boolean().optional(),
  note: Text.optional(),
});
export type SnapshotArg = z.infer<typeof SnapshotArg>;

export const SnapshotFlag = z
  .strictObject({
    long: LongFlag.optional(),
    short: ShortFlag.optional(),
    takes_value: z.boolean().optional(),
    value_name: Text.optional(),
    repeatable: z.boolean().optional(),
  })
  .refine((flag) => flag.long !== undefined || flag.short !== undefined, {
    message: "a flag needs a long or a short form",
  });
export type SnapshotFlag = z.infer<typeof SnapshotFlag>;

export const SnapshotCommand = z.strictObject({
  path: CommandPath,
  about: Text.optional(),
  usage: Text.optional(),
  args: z.array(SnapshotArg).optional(),
  flags: z.array(SnapshotFlag).optional(),
});
export type SnapshotCommand = z.infer<typeof SnapshotCommand>;

export const UpstreamSnapshotV1 = z
  .strictObject({
    snapshot_schema_version: z.literal(1),
    tool: z.literal("codex-cli"),
    collected_at: Timestamp,
    binary: BinaryInfo,
    commands: z.array(SnapshotCommand),
    features: z.array(FeatureRow).optional(),
    known_omissions: z.array(Text).optional(),
  })
  .meta({
    id: "UpstreamSnapshotV1",
    description: "The help surface of one codex binary on one target (snapshots/<v>/<target>.json)",
  });
export type UpstreamSnapshotV1 = z.infer<typeof UpstreamSnapshotV1>;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const UnionConflict = z.strictObject({
  unit: z.enum(["command", "flag", "arg"]),
  path: CommandPath,
  key: FlagKey.optional(),
  name: Text.optional(),
  field: Text,
  values_by_target: z.record(TargetTriple, Scalar),
});
export type UnionConflict = z.infer<typeof UnionConflict>;

export const UnionFlag = z.strictObject({
  key: FlagKey,
  long: LongFlag.optional(),
  short: ShortFlag.optional(),
  takes_value: z.boolean(),
  value_name: Text.optional(),
  repeatable: z.boolean().optional(),
  available_on: Targets,
});
export type UnionFlag = z.infer<typeof UnionFlag>;

export const UnionArg = z.strictObject({
  name: Text,
  required: z.boolean().optional(),
  variadic: z.boolean().optional(),
  inferred_from_usage: z.boolean().optional(),
  note: Text.optional(),
  available_on: Targets,
});
export type UnionArg = z.infer<typeof UnionArg>;

export const UnionCommand = z.strictObject({
  path: CommandPath,
  available_on: Targets,
  about: Text.optional(),
  usage: Text.optional(),
  flags: z.array(UnionFlag).optional(),
  args: z.array(UnionArg).optional(),
  conflicts: z.array(UnionConflict).optional(),
});
export type UnionCommand = z.infer<typeof UnionCommand>;

export const UnionInput = z.strictObject({
  target_triple: TargetTriple,
  binary: BinaryInfo,
  collected_at: Timestamp.optional(),
  features: z.array(FeatureRow).optional(),
});
export type UnionInput = z.infer<typeof UnionInput>;

export const UpstreamSnapshotUnionV2 = z
  .strictObject({
    snapshot_schema_version: z.literal(2),
    tool: z.literal("codex-cli"),
    mode: z.literal("union"),
    collected_at: Timestamp,
    expected_targets: Targets,
    complete: z.boolean(),
    missing_targets: Targets.optional(),
    inputs: z.array(UnionInput).min(1),
    commands: z.array(UnionCommand),
  })
  .meta({
    id: "UpstreamSnapshotUnionV2",
    description: "Per-target snapshots of one codex version merged (snapshots/<v>/union.json)",
  });
export type UpstreamSnapshotUnionV2 = z.infer<typeof UpstreamSnapshotUnionV2>;

export const CoverageFlag = z.strictObject({
  key: FlagKey,
  level: WrapperLevel,
  note: Text.optional(),
});
export type CoverageFlag = z.infer<typeof CoverageFlag>;

export const CoverageArg = z.strictObject({
  name: Text,
  level: WrapperLevel,
  note: Text.optional(),
});
export type CoverageArg = z.infer<typeof CoverageArg>;

export const CoverageEntry = z.strictObject({
  path: CommandPath,
  level: WrapperLevel,
  note: Text.optional(),
  flags: z.array(CoverageFlag).optional(),
  args: z.array(CoverageArg).optional(),
});
export type CoverageEntry = z.infer<typeof CoverageEntry>;

export const WrapperCoverageV1 = z
  .strictObject({
    schema_version: z.literal(1),
    generated_at: Timestamp,
    wrapper_version: Text,
    coverage: z.array(CoverageEntry),
  })
  .meta({
    id: "WrapperCoverageV1",
    description: "Which codex surfaces ccw's wrapper uses, generated from its code",
  });
export type WrapperCoverageV1 = z.infer<typeof WrapperCoverageV1>;

export const DeltaItem = z.strictObject({
  path: CommandPath,
  key: FlagKey.optional(),
  name: Text.optional(),
  upstream_available_on: z.array(TargetTriple),
  wrapper_level: WrapperLevel.optional(),
  note: Text.optional(),
});
export type DeltaItem = z.infer<typeof DeltaItem>;

const OptionalDeltas = z.array(DeltaItem).min(1).optional();

/** Delta lists in the order a report writes them. */
export const DELTA_KEYS = [
  "missing_commands",
  "missing_flags",
  "missing_args",
  "excluded_commands",
  "excluded_flags",
  "excluded_args",
  "passthrough_candidates",
  "unsupported",
  "intentionally_unsupported",
  "wrapper_only_commands",
  "wrapper_only_flags",
  "wrapper_only_args",
] as const;
export type DeltaKey = (typeof DELTA_KEYS)[number];

export const Deltas = z.strictObject({
  missing_commands: z.array(DeltaItem),
  missing_flags: z.array(DeltaItem),
  missing_args: z.array(DeltaItem),
  excluded_commands: OptionalDeltas,
  excluded_flags: OptionalDeltas,
  excluded_args: OptionalDeltas,
  passthrough_candidates: OptionalDeltas,
  unsupported: OptionalDeltas,
  intentionally_unsupported: OptionalDeltas,
  wrapper_only_commands: OptionalDeltas,
  wrapper_only_flags: OptionalDeltas,
  wrapper_only_args: OptionalDeltas,
});
export type Deltas = z.infer<typeof Deltas>;

export const PlatformFilter = z.strictObject({
  mode: z.enum(["any", "all", "exact_target"]),
  target_triple: TargetTriple.optional(),
});
export type PlatformFilter = z.infer<typeof PlatformFilter>;

export const CoverageReportV1 = z
  .strictObject({
    schema_version: z.literal(1),
    generated_at: Timestamp,
    inputs: z.strictObject({
      upstream: z.strictObject({
        semantic_version: SemanticVersion,
        mode: z.literal("union"),
        targets: Targets,
      }),
      wrapper: z.strictObject({ schema_version: z.literal(1), wrapper_version: Text.optional() }),
      rules: z.strictObject({ rules_schema_version: z.literal(1) }),
    }),
    platform_filter: PlatformFilter,
    deltas: Deltas,
  })
  .meta({
    id: "CoverageReportV1",
    description: "Wrapper coverage compared with one upstream union (reports/<v>/coverage.*.json)",
  });
export type CoverageReportV1 = z.infer<typeof CoverageReportV1>;
