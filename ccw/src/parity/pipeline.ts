/**
 * The steps of `ccw codex-parity`, each reading and writing the manifest folder. The pure
 * work (deriving, parsing, merging, comparing) lives in the modules these call.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  describeFsError,
  InvalidDataError,
  NotFoundError,
  OperationFailedError,
  StorageError,
  UsageError,
} from "../errors.js";
import { binaryHelpSource, hashFile, resolveNativeCodex } from "./codex-native.js";
import { helpArgs, recordingHelpSource } from "./help-pages.js";
import { compareStrings, toJsonText } from "./json-text.js";
import { manifestLayout, readArtifact, readText, writeArtifact } from "./manifest-layout.js";
import { buildCoverageReport, reportFileName, standardFilters } from "./report.js";
import { Exclusions, readRules } from "./rules.js";
import { UpstreamSnapshotUnionV2, UpstreamSnapshotV1, WrapperCoverageV1 } from "./schemas.js";
import { parseSemver } from "./semver.js";
import { collectSnapshot, parseVersionOutput } from "./snapshot.js";
import { platformOf } from "./targets.js";
import { buildUnion } from "./union.js";
import { parsePointer } from "./version-range.js";
import {
  CoverageDerivationError,
  deriveWrapperCoverage,
  renderWrapperCoverage,
} from "./wrapper-coverage.js";
import { checkWrapperCoverage } from "./wrapper-coverage-check.js";

/** Derives the wrapper coverage, checks it against the policy and the exclusions, writes it. */
export async function writeWrapperCoverage(options: {
  out: string;
  rulesFile: string;
  generatedAt: string;
  wrapperVersion: string;
}): Promise<{ entries: number; flags: number; args: number }> {
  const rules = await readRules(options.rulesFile);
  let coverage: WrapperCoverageV1;
  try {
    coverage = deriveWrapperCoverage({
      generatedAt: options.generatedAt,
      wrapperVersion: options.wrapperVersion,
    });
  } catch (error) {
    if (!(error instanceof CoverageDerivationError)) throw error;
    throw new OperationFailedError(`cannot derive the wrapper coverage: ${error.message}`, {
      hint: "The argv builder and its flag table (ccw/src/tools/codex/codex-flags.ts) disagree; fix them, or the catalog in ccw/src/parity/wrapper-scenarios.ts.",
    });
  }
  const problems = checkWrapperCoverage(coverage, new Exclusions(rules.parity_exclusions.units));
  if (problems.length > 0) {
    const lines = problems.map(
      (problem) => `  ${problem.code} ${problem.pointer}: ${problem.message}`,
    );
    throw new OperationFailedError(
      `the derived wrapper coverage breaks the v1 policy; nothing was written:\n${lines.join("\n")}`,
      {
        hint: "Fix the scenario catalog (ccw/src/parity/wrapper-scenarios.ts) or the flag table, then run again.",
      },
    );
  }
  await writeArtifact(options.out, renderWrapperCoverage(coverage));
  return {
    entries: coverage.coverage.length,
    flags: coverage.coverage.reduce((sum, entry) => sum + (entry.flags?.length ?? 0), 0),
    args: coverage.coverage.reduce((sum, entry) => sum + (entry.args?.length ?? 0), 0),
  };
}

/** Snapshots a real Codex binary's help surface into `outFile`. */
export async function writeSnapshot(options: {
  codexBin: string;
  outFile: string;
  target: string;
  collectedAt: string;
  env: Readonly<Record<string, string | undefined>>;
  saveHelpDir?: string;
}): Promise<UpstreamSnapshotV1> {
  const native = await resolveNativeCodex(options.codexBin, options.target);
  const runner = await binaryHelpSource(native.path, options.env);
  const recorder = recordingHelpSource(runner);
  let snapshot: UpstreamSnapshotV1;
  try {
    // Refuse a mislabelled destination before the slow part (hashing, the help tree).
    const version = parseVersionOutput(await runner.run(helpArgs.version)).semantic_version;
    checkSnapshotLocation(options.outFile, version, options.target);
    const digest = await hashFile(native.path);
    snapshot = await collectSnapshot({
      source: recorder.source,
      binary: { ...digest, targetTriple: options.target, platform: platformOf(options.target) },
      collectedAt: options.collectedAt,
    });
  } finally {
    await runner.close();
  }
  if (options.saveHelpDir !== undefined) await saveHelpPages(options.saveHelpDir, recorder.pages);
  await writeArtifact(options.outFile, toJsonText(snapshot));
  return snapshot;
}

/** Inside a `snapshots/` folder the file must be `<version>/<target>.json` of this binary. */
function checkSnapshotLocation(outFile: string, version: string, target: string): void {
  if (path.basename(path.dirname(path.dirname(outFile))) !== "snapshots") return;
  const expected = `${version}/${target}.json`;
  if (`${path.basename(path.dirname(outFile))}/${path.basename(outFile)}` !== expected) {
    throw new UsageError(
      `--out-file ${outFile} does not match the binary: it is Codex ${version} for ${target}`,
      {
        hint: `Write it to snapshots/${expected}.`,
      },
    );
  }
}

async function saveHelpPages(dir: string, pages: ReadonlyMap<string, string>): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    for (const [name, text] of [...pages.entries()].sort(([a], [b]) => compareStrings(a, b))) {
      await writeFile(path.join(dir, name), text);
    }
  } catch (error) {
    throw new StorageError(`cannot save the help pages in ${dir}: ${describeFsError(error)}`);
  }
}

/** Merges `snapshots/<version>/*.json` into union.json (and current.json when it is latest_validated). */
export async function writeUnion(options: {
  dir: string;
  version: string;
  rulesFile: string;
}): Promise<{
  union: UpstreamSnapshotUnionV2;
  file: string;
  currentUpdated: boolean;
}> {
  const layout = manifestLayout(options.dir);
  requireVersion(options.version);
  const rules = await readRules(options.rulesFile);
  const folder = layout.snapshotDir(options.version);
  let names: string[];
  try {
    names = (await readdir(folder))
      .filter((name) => name.endsWith(".json") && name !== "union.json")
      .sort(compareStrings);
  } catch (error) {
    throw new NotFoundError(`no snapshots of Codex ${options.version}: ${describeFsError(error)}`, {
      hint: `Take one first: ccw codex-parity snapshot --codex-bin <codex> --out-file ${layout.snapshot(options.version, rules.targets.required)}`,
    });
  }
  if (names.length === 0) {
    throw new NotFoundError(`no per-target snapshots of Codex ${options.version} in ${folder}`, {
      hint: `Take one first: ccw codex-parity snapshot --codex-bin <codex> --out-file ${layout.snapshot(options.version, rules.targets.required)}`,
    });
  }
  const snapshots = await Promise.all(
    names.map((name) => readArtifact(path.join(folder, name), UpstreamSnapshotV1)),
  );
  for (const [index, snapshot] of snapshots.entries()) {
    if (`${snapshot.binary.target_triple}.json` !== names[index]) {
      throw new InvalidDataError(
        `${path.join(folder, names[index] ?? "")} holds a ${snapshot.binary.target_triple} snapshot; rename it to ${snapshot.binary.target_triple}.json`,
      );
    }
  }
  const union = buildUnion(snapshots, rules);
  if (union.inputs[0]?.binary.semantic_version !== options.version) {
    throw new InvalidDataError(
      `the snapshots in ${folder} are of Codex ${union.inputs[0]?.binary.semantic_version}, not ${options.version}`,
    );
  }
  const text = toJsonText(union);
  const file = layout.union(options.version);
  await writeArtifact(file, text);
  const latest = await readPointer(layout.latestValidated);
  const currentUpdated = latest === options.version;
  if (currentUpdated) await writeArtifact(layout.current, text);
  return { union, file, currentUpdated };
}

/** Writes `reports/<version>/coverage.*.json`: any, each input target, and all when complete. */
export async function writeReports(options: {
  dir: string;
  version: string;
  rulesFile: string;
  generatedAt: string;
}): Promise<{ file: string; missing: number; excluded: number; wrapperOnly: number }[]> {
  const layout = manifestLayout(options.dir);
  requireVersion(options.version);
  const rules = await readRules(options.rulesFile);
  const union = await readArtifact(
    layout.union(options.version),
    UpstreamSnapshotUnionV2,
    `ccw codex-parity union --version ${options.version}`,
  );
  const coverage = await readArtifact(
    layout.wrapperCoverage,
    WrapperCoverageV1,
    "ccw codex-parity wrapper-coverage --out <file>",
  );
  const written = [];
  for (const filter of standardFilters(union)) {
    const report = buildCoverageReport({
      union,
      coverage,
      rules,
      filter,
      generatedAt: options.generatedAt,
    });
    const file = path.join(layout.reportDir(options.version), reportFileName(filter));
    await writeArtifact(file, toJsonText(report));
    const count = (keys: readonly (keyof typeof report.deltas)[]) =>
      keys.reduce((sum, key) => sum + (report.deltas[key]?.length ?? 0), 0);
    written.push({
      file,
      missing: count(["missing_commands", "missing_flags", "missing_args"]),
      excluded: count(["excluded_commands", "excluded_flags", "excluded_args"]),
      wrapperOnly: count(["wrapper_only_commands", "wrapper_only_flags", "wrapper_only_args"]),
    });
  }
  return written;
}

function requireVersion(version: string): void {
  if (!parseSemver(version)) {
    throw new UsageError(
      `--version must be a Codex version such as 0.169.0, got ${JSON.stringify(version)}`,
    );
  }
}

async function readPointer(file: string): Promise<string | undefined> {
  try {
    return parsePointer(await readText(file));
  } catch {
    return undefined;
  }
}
