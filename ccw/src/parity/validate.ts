/**
 * `ccw codex-parity validate`: every check on a manifest folder, each problem collected as a
 * violation (code, file, JSON pointer, message) rather than stopping at the first one.
 */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { describeFsError, NotFoundError, StorageError } from "../errors.js";
import { jsonDepthProblem } from "../lib/json/json-depth.js";
import { coverageNotUpstream } from "./coverage-guard.js";
import { flagKeyOf } from "./help-parser.js";
import { comparePaths, compareStrings, describePath, isSortedBy, toJsonText } from "./json-text.js";
import { type ManifestLayout, manifestLayout, readText } from "./manifest-layout.js";
import { buildCoverageReport, compareDeltaItems } from "./report.js";
import { checkExclusions, Exclusions, RulesV1 } from "./rules.js";
import { renderSchemaJson } from "./schema-json.js";
import {
  CoverageReportV1,
  DELTA_KEYS,
  UpstreamSnapshotUnionV2,
  UpstreamSnapshotV1,
  WrapperCoverageV1,
} from "./schemas.js";
import { compareSemver, parseSemver } from "./semver.js";
import { buildUnion } from "./union.js";
import { parsePointer } from "./version-range.js";
import { checkWrapperCoverage } from "./wrapper-coverage-check.js";
import { jsonPointer } from "./zod-issues.js";

/** One problem found. `pointer` is a JSON pointer into `file` ("" for the whole file). */
export interface Violation {
  readonly code: string;
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

const MAX_ISSUES_PER_FILE = 20;

/**
 * Validates the manifest folder `dir`. Throws only when the validation cannot run: the folder
 * is missing (NotFoundError, 66) or unreadable (StorageError, 74).
 */
export async function validateManifests(dir: string): Promise<Violation[]> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error("not a folder");
  } catch (error) {
    throw new NotFoundError(`cannot validate ${dir}: ${describeFsError(error)}`, {
      hint: "Pass --dir <cli_manifests/codex folder>, or run from a ccw checkout.",
    });
  }
  return new Validator(manifestLayout(dir)).run();
}

class Validator {
  readonly violations: Violation[] = [];

  constructor(readonly layout: ManifestLayout) {}

  add(code: string, file: string, pointer: string, message: string): void {
    this.violations.push({ code, file, pointer, message });
  }

  async run(): Promise<Violation[]> {
    const { layout } = this;
    const rules = await this.readJson(layout.rules, RulesV1);
    if (rules) {
      for (const problem of checkExclusions(rules.parity_exclusions.units)) {
        this.add(problem.code, layout.rules, problem.pointer, problem.message);
      }
    }
    const exclusions = rules && new Exclusions(rules.parity_exclusions.units);

    const schemaText = await this.readFile(layout.schema);
    if (schemaText !== undefined && schemaText !== renderSchemaJson()) {
      this.add(
        "SCHEMA_STALE",
        layout.schema,
        "",
        "SCHEMA.json differs from the schema generated from the zod sources; regenerate it (see docs/parity.md)",
      );
    }

    const coverageRaw = await this.readRaw(layout.wrapperCoverage);
    let coverage: WrapperCoverageV1 | undefined;
    if (coverageRaw !== undefined) {
      for (const problem of checkWrapperCoverage(coverageRaw, exclusions)) {
        this.add(problem.code, layout.wrapperCoverage, problem.pointer, problem.message);
      }
      coverage = this.check(coverageRaw, layout.wrapperCoverage, WrapperCoverageV1);
    }

    const unions = await this.checkSnapshots(rules);
    await this.checkReports(rules, exclusions, coverage, unions);
    const pointers = await this.checkPointers(unions);
    if (pointers.latest !== undefined) await this.checkCurrent(pointers.latest);
    if (coverage) {
      for (const [version, code, emittedOnly] of [
        [pointers.latest, "WRAPPER_NOT_IN_LATEST_VALIDATED", false],
        [pointers.min, "WRAPPER_NOT_IN_MIN_SUPPORTED", true],
      ] as const) {
        const union = version === undefined ? undefined : unions.get(version);
        if (union === undefined) continue;
        for (const gap of coverageNotUpstream(coverage, union, { emittedOnly })) {
          this.add(code, layout.wrapperCoverage, gap.pointer, gap.message);
        }
      }
    }
    return this.violations;
  }

  async readFile(file: string): Promise<string | undefined> {
    try {
      return await readText(file);
    } catch (error) {
      this.add(
        "FILE_MISSING",
        file,
        "",
        `${path.basename(file)} cannot be read: ${(error as Error).message}`,
      );
      return undefined;
    }
  }

  /** Reads JSON and checks it is canonical text; undefined when unreadable or not JSON. */
  async readRaw(file: string): Promise<unknown> {
    const text = await this.readFile(file);
    if (text === undefined) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      this.add("JSON_INVALID", file, "", `not valid JSON: ${(error as Error).message}`);
      return undefined;
    }
    // Checked before the canonical form is rendered: JSON.stringify would overflow the stack.
    const tooDeep = jsonDepthProblem(text);
    if (tooDeep !== undefined) {
      this.add("JSON_INVALID", file, "", tooDeep);
      return undefined;
    }
    if (toJsonText(json) !== text) {
      this.add(
        "NOT_CANONICAL",
        file,
        "",
        "not in canonical form: pretty JSON with 2-space indent and exactly one trailing newline",
      );
    }
    return json;
  }

  check<T>(json: unknown, file: string, schema: z.ZodType<T>): T | undefined {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues.slice(0, MAX_ISSUES_PER_FILE)) {
      this.add("SCHEMA_INVALID", file, jsonPointer(issue.path), issue.message);
    }
    return undefined;
  }

  async readJson<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const json = await this.readRaw(file);
    return json === undefined ? undefined : this.check(json, file, schema);
  }

  async listDir(dir: string): Promise<string[]> {
    try {
      return (await readdir(dir)).sort(compareStrings);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new StorageError(`cannot list ${dir}: ${describeFsError(error)}`);
    }
  }

  /** Checks every snapshot folder; returns the valid unions by version. */
  async checkSnapshots(rules: RulesV1 | undefined): Promise<Map<string, UpstreamSnapshotUnionV2>> {
    const unions = new Map<string, UpstreamSnapshotUnionV2>();
    for (const version of await this.listDir(this.layout.snapshotsDir)) {
      const dir = this.layout.snapshotDir(version);
      if (!parseSemver(version)) {
        this.add(
          "SNAPSHOT_DIR_NAME",
          dir,
          "",
          `snapshot folders are named after a Codex version, found ${JSON.stringify(version)}`,
        );
        continue;
      }
      const perTarget: UpstreamSnapshotV1[] = [];
      for (const name of await this.listDir(dir)) {
        if (name === "union.json" || !name.endsWith(".json")) continue;
        const file = path.join(dir, name);
        const snapshot = await this.readJson(file, UpstreamSnapshotV1);
        if (!snapshot) continue;
        perTarget.push(snapshot);
        if (snapshot.binary.semantic_version !== version) {
          this.add(
            "SNAPSHOT_VERSION_MISMATCH",
            file,
            "/binary/semantic_version",
            `a snapshot of Codex ${snapshot.binary.semantic_version} is filed under ${version}`,
          );
        }
        if (name !== `${snapshot.binary.target_triple}.json`) {
          this.add(
            "SNAPSHOT_TARGET_MISMATCH",
            file,
            "/binary/target_triple",
            `a ${snapshot.binary.target_triple} snapshot must be named ${snapshot.binary.target_triple}.json`,
          );
        }
        this.checkSorted(file, snapshot.commands);
      }
      const unionFile = this.layout.union(version);
      const union = await this.readJson(unionFile, UpstreamSnapshotUnionV2);
      if (!union) continue;
      unions.set(version, union);
      this.checkSorted(unionFile, union.commands);
      union.inputs.forEach((input, index) => {
        if (input.binary.semantic_version !== version) {
          this.add(
            "UNION_VERSION_MISMATCH",
            unionFile,
            `/inputs/${index}/binary/semantic_version`,
            `an input of Codex ${input.binary.semantic_version} in the union of ${version}`,
          );
        }
      });
      if (rules && perTarget.length > 0) {
        try {
          if (toJsonText(buildUnion(perTarget, rules)) !== toJsonText(union)) {
            this.add(
              "UNION_STALE",
              unionFile,
              "",
              `differs from the merge of the per-target snapshots; run: ccw codex-parity union --version ${version}`,
            );
          }
        } catch (error) {
          this.add(
            "UNION_STALE",
            unionFile,
            "",
            `the per-target snapshots cannot be merged: ${(error as Error).message}`,
          );
        }
      }
    }
    return unions;
  }

  checkSorted(
    file: string,
    commands: readonly {
      path: string[];
      flags?: readonly { long?: string; short?: string; key?: string }[];
      args?: readonly { name: string }[];
    }[],
  ): void {
    if (!isSortedBy(commands, (a, b) => comparePaths(a.path, b.path))) {
      this.add(
        "NOT_SORTED",
        file,
        "/commands",
        "commands must be sorted by path (token by token, shorter prefix first)",
      );
    }
    commands.forEach((command, index) => {
      const keys = (command.flags ?? []).map((flag) => flag.key ?? flagKeyOf(flag));
      if (!isSortedBy(keys, compareStrings)) {
        this.add(
          "NOT_SORTED",
          file,
          `/commands/${index}/flags`,
          `flags of ${describePath(command.path)} must be sorted by key`,
        );
      }
      if (
        !isSortedBy(
          (command.args ?? []).map((arg) => arg.name),
          compareStrings,
        )
      ) {
        this.add(
          "NOT_SORTED",
          file,
          `/commands/${index}/args`,
          `args of ${describePath(command.path)} must be sorted by name`,
        );
      }
    });
  }

  async checkReports(
    rules: RulesV1 | undefined,
    exclusions: Exclusions | undefined,
    coverage: WrapperCoverageV1 | undefined,
    unions: ReadonlyMap<string, UpstreamSnapshotUnionV2>,
  ): Promise<void> {
    for (const version of await this.listDir(this.layout.reportsDir)) {
      for (const name of await this.listDir(this.layout.reportDir(version))) {
        if (!name.endsWith(".json")) continue;
        const file = path.join(this.layout.reportDir(version), name);
        const report = await this.readJson(file, CoverageReportV1);
        if (!report) continue;
        if (report.inputs.upstream.semantic_version !== version) {
          this.add(
            "REPORT_VERSION_MISMATCH",
            file,
            "/inputs/upstream/semantic_version",
            `a report on Codex ${report.inputs.upstream.semantic_version} is filed under ${version}`,
          );
        }
        for (const key of DELTA_KEYS) {
          const items = report.deltas[key] ?? [];
          if (!isSortedBy(items, compareDeltaItems)) {
            this.add(
              "NOT_SORTED",
              file,
              `/deltas/${key}`,
              `${key} must be sorted by path, then unit, then key or name`,
            );
          }
          if (!key.startsWith("missing_") || exclusions === undefined) continue;
          items.forEach((item, index) => {
            const excluded =
              item.key !== undefined
                ? exclusions.flag(item.path, item.key)
                : item.name !== undefined
                  ? exclusions.arg(item.path, item.name)
                  : exclusions.command(item.path);
            if (excluded) {
              const what = item.key ?? item.name;
              this.add(
                "REPORT_EXCLUDED_IN_MISSING",
                file,
                `/deltas/${key}/${index}`,
                `${what === undefined ? "" : `${what} on `}${describePath(item.path)} is excluded from parity; it belongs under excluded_*, never under ${key}`,
              );
            }
          });
        }
        const union = unions.get(version);
        if (rules && coverage && union) {
          try {
            const fresh = buildCoverageReport({
              union,
              coverage,
              rules,
              filter: report.platform_filter,
              generatedAt: report.generated_at,
            });
            if (toJsonText(fresh) !== toJsonText(report)) {
              this.add(
                "REPORT_STALE",
                file,
                "",
                `differs from a report built now from the union, the wrapper coverage and RULES.json; run: ccw codex-parity report --version ${version}`,
              );
            }
          } catch (error) {
            this.add("REPORT_STALE", file, "", `cannot be rebuilt: ${(error as Error).message}`);
          }
        }
      }
    }
  }

  async checkPointers(
    unions: ReadonlyMap<string, UpstreamSnapshotUnionV2>,
  ): Promise<{ latest?: string; min?: string }> {
    const read = async (file: string) => {
      const text = await this.readFile(file);
      if (text === undefined) return undefined;
      const version = parsePointer(text);
      if (version === undefined) {
        this.add(
          "POINTER_FORMAT",
          file,
          "",
          `must hold exactly one stable version (MAJOR.MINOR.PATCH, no "v") and one newline, found ${JSON.stringify(text.slice(0, 40))}`,
        );
        return undefined;
      }
      if (!unions.has(version)) {
        this.add(
          "POINTER_WITHOUT_UNION",
          file,
          "",
          `names ${version}, but snapshots/${version}/union.json is missing or invalid`,
        );
      }
      return version;
    };
    const latest = await read(this.layout.latestValidated);
    const min = await read(this.layout.minSupported);
    const latestVersion = latest === undefined ? undefined : parseSemver(latest);
    const minVersion = min === undefined ? undefined : parseSemver(min);
    if (latestVersion && minVersion && compareSemver(minVersion, latestVersion) > 0) {
      this.add(
        "POINTER_ORDER",
        this.layout.minSupported,
        "",
        `min_supported ${min} is newer than latest_validated ${latest}`,
      );
    }
    return { ...(latest === undefined ? {} : { latest }), ...(min === undefined ? {} : { min }) };
  }

  async checkCurrent(latest: string): Promise<void> {
    const current = await this.readFile(this.layout.current);
    let union: string | undefined;
    try {
      union = await readText(this.layout.union(latest));
    } catch {
      return; // reported as POINTER_WITHOUT_UNION
    }
    if (current !== undefined && current !== union) {
      this.add(
        "CURRENT_MISMATCH",
        this.layout.current,
        "",
        `must be a byte-identical copy of snapshots/${latest}/union.json (latest_validated); run: ccw codex-parity union --version ${latest}`,
      );
    }
  }
}

/** `CODE file #pointer message`, the one-line form `validate` prints. */
export function formatViolation(
  violation: Violation,
  displayPath: (file: string) => string,
): string {
  return `${violation.code} ${displayPath(violation.file)} #${violation.pointer} ${violation.message}`;
}
