/**
 * RULES.json: the parity rules the tools apply (targets, level order, the note policy, the
 * interactive-UI exclusions). Fields that describe a policy the code implements are literals,
 * so a RULES.json that claims another policy fails to load instead of being silently ignored.
 */
import { readFile } from "node:fs/promises";
import * as z from "zod";
import { describeFsError, InvalidDataError, NotFoundError, StorageError } from "../errors.js";
import { comparePaths, compareStrings, describePath, isSortedBy, pathKey } from "./json-text.js";
import { CommandPath, TargetTriple, WRAPPER_LEVELS } from "./schemas.js";
import { formatZodIssues } from "./zod-issues.js";

export const ExclusionUnit = z.strictObject({
  unit: z.enum(["command", "flag", "arg"]),
  path: CommandPath,
  key: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  category: z.string().min(1),
  note: z.string(),
});
export type ExclusionUnit = z.infer<typeof ExclusionUnit>;

const Platform = z.strictObject({ os: z.string().min(1), arch: z.string().min(1) });

export const RulesV1 = z
  .strictObject({
    rules_schema_version: z.literal(1),
    tool: z.literal("codex-cli"),
    identity: z.strictObject({
      command: z.literal("path"),
      flag: z.literal("long_else_short"),
      arg: z.literal("name"),
    }),
    sorting: z.strictObject({
      strings: z.literal("code_unit"),
      commands: z.literal("path_tokens_shorter_prefix_first"),
      flags: z.literal("key"),
      args: z.literal("name"),
      targets: z.literal("expected_targets_order"),
      deltas: z.literal("path_then_unit_then_key_or_name"),
      output: z.literal("pretty_json_2_spaces_one_trailing_newline"),
    }),
    targets: z.strictObject({
      required: TargetTriple,
      expected: z.array(TargetTriple).min(1),
      platform_mapping: z.record(TargetTriple, Platform),
    }),
    globals: z.strictObject({
      root_path: z.tuple([]),
      dedupe_subcommand_flags_against_root: z.literal(true),
      effective_flags: z.literal("root_plus_command"),
      args: z.literal("per_command_no_inheritance"),
    }),
    wrapper_coverage: z.strictObject({
      levels_strongest_first: z.array(z.enum(WRAPPER_LEVELS)).length(WRAPPER_LEVELS.length),
      scope_fields: z.literal("forbidden"),
      capability_guarded_note: z.string().min(1),
      intentionally_unsupported_requires_note: z.literal(true),
      other_notes: z.literal("forbidden"),
      sources: z.array(z.string().min(1)).min(1),
    }),
    report: z.strictObject({
      filters: z.tuple([z.literal("any"), z.literal("exact_target"), z.literal("all")]),
      all_requires_complete_union: z.literal(true),
      global_flags_compared_at_root: z.literal(true),
      excluded_identities: z.literal("excluded_only_never_missing"),
      wrapper_only: z.literal("report_never_a_gap"),
    }),
    parity_exclusions: z.strictObject({
      schema_version: z.literal(1),
      policy: z.string().min(1),
      units: z.array(ExclusionUnit),
    }),
  })
  .superRefine((rules, ctx) => {
    const { required, expected, platform_mapping } = rules.targets;
    if (!expected.includes(required)) {
      ctx.addIssue({
        code: "custom",
        path: ["targets", "required"],
        message: "must be one of targets.expected",
      });
    }
    if (new Set(expected).size !== expected.length) {
      ctx.addIssue({
        code: "custom",
        path: ["targets", "expected"],
        message: "lists a target twice",
      });
    }
    for (const target of expected) {
      if (!(target in platform_mapping)) {
        ctx.addIssue({
          code: "custom",
          path: ["targets", "platform_mapping"],
          message: `has no entry for ${target}`,
        });
      }
    }
    const levels = rules.wrapper_coverage.levels_strongest_first;
    if (new Set(levels).size !== levels.length) {
      ctx.addIssue({
        code: "custom",
        path: ["wrapper_coverage", "levels_strongest_first"],
        message: "lists a level twice",
      });
    }
  })
  .meta({ id: "RulesV1", description: "The parity rules (cli_manifests/codex/RULES.json)" });
export type RulesV1 = z.infer<typeof RulesV1>;

/** One problem with the exclusion list, located by a JSON pointer into RULES.json. */
export interface ExclusionProblem {
  readonly code:
    | "EXCLUSION_MALFORMED"
    | "EXCLUSION_NOTE_EMPTY"
    | "EXCLUSION_DUPLICATE"
    | "EXCLUSIONS_UNSORTED";
  readonly pointer: string;
  readonly message: string;
}

/** The sort key of an exclusion: unit, then path, then key or name. */
export function compareExclusions(a: ExclusionUnit, b: ExclusionUnit): number {
  return (
    compareStrings(a.unit, b.unit) ||
    comparePaths(a.path, b.path) ||
    compareStrings(a.key ?? a.name ?? "", b.key ?? b.name ?? "")
  );
}

/** Checks the exclusions are well-formed, unique and sorted; returns every problem. */
export function checkExclusions(units: readonly ExclusionUnit[]): ExclusionProblem[] {
  const problems: ExclusionProblem[] = [];
  const seen = new Set<string>();
  units.forEach((unit, index) => {
    const pointer = `/parity_exclusions/units/${index}`;
    const shape =
      unit.unit === "command"
        ? unit.key === undefined && unit.name === undefined
        : unit.unit === "flag"
          ? unit.key !== undefined && unit.name === undefined
          : unit.name !== undefined && unit.key === undefined;
    if (!shape) {
      problems.push({
        code: "EXCLUSION_MALFORMED",
        pointer,
        message: `a ${unit.unit} exclusion needs ${unit.unit === "flag" ? "a key and no name" : unit.unit === "arg" ? "a name and no key" : "neither key nor name"}`,
      });
    }
    if (unit.note.trim() === "") {
      problems.push({
        code: "EXCLUSION_NOTE_EMPTY",
        pointer: `${pointer}/note`,
        message: "an exclusion needs a non-empty note saying why",
      });
    }
    const identity = exclusionKey(unit);
    if (seen.has(identity)) {
      problems.push({
        code: "EXCLUSION_DUPLICATE",
        pointer,
        message: `${describeExclusion(unit)} is listed twice`,
      });
    }
    seen.add(identity);
  });
  if (!isSortedBy(units, compareExclusions)) {
    problems.push({
      code: "EXCLUSIONS_UNSORTED",
      pointer: "/parity_exclusions/units",
      message: "units must be sorted by unit, then path, then key or name (code-unit order)",
    });
  }
  return problems;
}

function exclusionKey(unit: ExclusionUnit): string {
  return `${unit.unit}\u0000${pathKey(unit.path)}\u0000${unit.key ?? unit.name ?? ""}`;
}

/** `flag --no-alt-screen on codex`, for messages. */
export function describeExclusion(unit: ExclusionUnit): string {
  const what = unit.unit === "command" ? "command" : `${unit.unit} ${unit.key ?? unit.name ?? ""}`;
  return `${what} on ${describePath(unit.path)}`;
}

/** Fast lookups in the exclusion list. */
export class Exclusions {
  readonly #commands = new Map<string, ExclusionUnit>();
  readonly #units = new Map<string, ExclusionUnit>();

  constructor(units: readonly ExclusionUnit[]) {
    for (const unit of units) {
      if (unit.unit === "command") this.#commands.set(pathKey(unit.path), unit);
      else this.#units.set(exclusionKey(unit), unit);
    }
  }

  /** The exclusion of this command, if any (its subcommands are not excluded with it). */
  command(path: readonly string[]): ExclusionUnit | undefined {
    return this.#commands.get(pathKey(path));
  }

  flag(path: readonly string[], key: string): ExclusionUnit | undefined {
    return this.#units.get(`flag\u0000${pathKey(path)}\u0000${key}`);
  }

  arg(path: readonly string[], name: string): ExclusionUnit | undefined {
    return this.#units.get(`arg\u0000${pathKey(path)}\u0000${name}`);
  }
}

/** Parses RULES.json text; every schema or exclusion problem is an InvalidDataError. */
export function parseRules(text: string, file: string): RulesV1 {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidDataError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = RulesV1.safeParse(json);
  if (!parsed.success) {
    throw new InvalidDataError(
      `${file} does not match RulesV1:\n${formatZodIssues(parsed.error, file)}`,
      {
        hint: "Fix the file (see cli_manifests/codex/SCHEMA.json, $defs/RulesV1) or restore it from git.",
      },
    );
  }
  const problems = checkExclusions(parsed.data.parity_exclusions.units);
  if (problems.length > 0) {
    const lines = problems.map((problem) => `${file}: ${problem.pointer}: ${problem.message}`);
    throw new InvalidDataError(`${file} has invalid parity exclusions:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** Reads and parses a RULES.json file. */
export async function readRules(file: string): Promise<RulesV1> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new NotFoundError(`rules file not found: ${file}`, {
        hint: "Pass --rules <file>, or run from a ccw checkout that has cli_manifests/codex/RULES.json.",
      });
    }
    throw new StorageError(`cannot read ${file}: ${describeFsError(error)}`);
  }
  return parseRules(text, file);
}
