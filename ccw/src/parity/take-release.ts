/**
 * `ccw codex-parity update <version>`: takes a new Codex release in one command. Everything is
 * built in a scratch copy of the manifest folder (snapshot, union, reports, validate) and a
 * real chain runs on the new binary; only when all of it passes are the changed files copied
 * back. A release that breaks ccw leaves the repository exactly as it was.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { InvalidDataError, UsageError } from "../errors.js";
import { manifestLayout, readArtifact, readText } from "./manifest-layout.js";
import { writeReports, writeSnapshot, writeUnion } from "./pipeline.js";
import { UpstreamSnapshotUnionV2, WrapperCoverageV1 } from "./schemas.js";
import { compareSemver, parseSemver } from "./semver.js";
import { describeUnit, diffUnions, type SurfaceUnit } from "./upstream-diff.js";
import { formatViolation, validateManifests } from "./validate.js";
import { parsePointer } from "./version-range.js";

/** What the command needs from the outside world; tests replace the installer and the chain. */
export interface TakeReleaseOptions {
  readonly version: string;
  /** The manifest folder to update (cli_manifests/codex of a ccw checkout). */
  readonly dir: string;
  /** Where captured help pages live as parser fixtures, when the checkout has them. */
  readonly helpFixturesDir?: string;
  readonly target: string;
  readonly timestamp: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Installs `@openai/codex@<version>` into `folder`; returns the Codex executable. */
  readonly install: (version: string, folder: string) => Promise<string>;
  /** Runs one real chain on `codexBin` in `folder`; `ok: false` with what went wrong. */
  readonly runChain: (codexBin: string, folder: string) => Promise<ChainOutcome>;
  /** Progress lines for people (stderr). */
  readonly log: (line: string) => void;
}

export interface ChainOutcome {
  readonly ok: boolean;
  readonly detail: string;
}

/** The verdict: what changed on the surfaces ccw uses, and what happened to the repository. */
export interface TakeReleaseResult {
  readonly version: string;
  readonly previous: string;
  readonly outcome: "no-change" | "taken" | "broken";
  /** Identities ccw's wrapper uses that the release removed (each one breaks ccw). */
  readonly removedInUse: readonly string[];
  /** Identities the release added on commands ccw runs (worth a look, never breaking). */
  readonly addedNearUse: readonly string[];
  /** Every identity added or removed anywhere. */
  readonly added: number;
  readonly removed: number;
  readonly extendsRange: boolean;
  readonly problems: readonly string[];
  readonly chain: ChainOutcome | undefined;
  /** Files written into the repository (relative to the manifest folder's parent's parent). */
  readonly written: readonly string[];
}

/** Runs the whole procedure; see the module comment. */
export async function takeRelease(options: TakeReleaseOptions): Promise<TakeReleaseResult> {
  if (!parseSemver(options.version)) {
    throw new UsageError(
      `the version must be a Codex release such as 0.171.0, got ${JSON.stringify(options.version)}`,
    );
  }
  const layout = manifestLayout(options.dir);
  const previous = parsePointer(await readText(layout.latestValidated));
  if (previous === undefined) {
    throw new InvalidDataError(`${layout.latestValidated} must hold one version and a newline`, {
      hint: "Run ccw codex-parity validate to see what is wrong with the manifest folder.",
    });
  }
  const scratch = await mkdtemp(path.join(os.tmpdir(), "ccw-codex-update-"));
  try {
    return await takeInScratch(options, previous, scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function takeInScratch(
  options: TakeReleaseOptions,
  previous: string,
  scratch: string,
): Promise<TakeReleaseResult> {
  const { log, version } = options;
  const work = path.join(scratch, "manifests");
  await cp(options.dir, work, { recursive: true });
  const layout = manifestLayout(work);
  const extendsRange = compareVersions(version, previous) > 0;

  log(`installing @openai/codex@${version} into a scratch folder`);
  const codexBin = await options.install(version, path.join(scratch, "codex"));

  log(`snapshotting its help (${options.target})`);
  const helpDir = path.join(scratch, "help");
  await writeSnapshot({
    codexBin,
    outFile: layout.snapshot(version, options.target),
    target: options.target,
    collectedAt: options.timestamp,
    env: options.env,
    saveHelpDir: helpDir,
  });
  if (extendsRange) await writeFile(layout.latestValidated, `${version}\n`);
  await writeUnion({ dir: work, version, rulesFile: layout.rules });
  await writeReports({
    dir: work,
    version,
    rulesFile: layout.rules,
    generatedAt: options.timestamp,
  });

  const surface = await compareSurfaces(layout, previous, version);
  const problems = surface.removedInUse.map(
    (unit) => `Codex ${version} removed ${unit}, which ccw uses`,
  );
  for (const violation of await validateManifests(work)) {
    problems.push(`validate: ${formatViolation(violation, (file) => path.relative(work, file))}`);
  }

  log(`running a real chain on Codex ${version} against the local model server`);
  const chain = await options.runChain(codexBin, path.join(scratch, "chain"));
  if (!chain.ok) problems.push(`the chain did not complete: ${chain.detail}`);

  const base = {
    version,
    previous,
    removedInUse: surface.removedInUse,
    addedNearUse: surface.addedNearUse,
    added: surface.added,
    removed: surface.removed,
    extendsRange,
    problems,
    chain,
  };
  if (problems.length > 0) return { ...base, outcome: "broken", written: [] };

  const written = await copyChanged(work, options.dir, "cli_manifests/codex");
  if (options.helpFixturesDir !== undefined) {
    written.push(
      ...(await copyChanged(
        helpDir,
        path.join(options.helpFixturesDir, version),
        `tests/fixtures/parity/help/${version}`,
      )),
    );
  }
  return { ...base, outcome: written.length === 0 ? "no-change" : "taken", written };
}

function compareVersions(a: string, b: string): number {
  const left = parseSemver(a);
  const right = parseSemver(b);
  return left && right ? compareSemver(left, right) : 0;
}

/** What the release changed, split by whether ccw's wrapper touches it. */
async function compareSurfaces(
  layout: ReturnType<typeof manifestLayout>,
  previous: string,
  version: string,
): Promise<{ removedInUse: string[]; addedNearUse: string[]; added: number; removed: number }> {
  const read = (v: string) => readArtifact(layout.union(v), UpstreamSnapshotUnionV2);
  const diff = diffUnions(await read(previous), await read(version));
  const coverage = await readArtifact(layout.wrapperCoverage, WrapperCoverageV1);
  const used = wrapperIdentities(coverage);
  const usedPaths = new Set(coverage.coverage.map((entry) => entry.path.join(" ")));
  const inUse = (unit: SurfaceUnit) => used.has(identity(unit)) || globalInUse(unit, used);
  return {
    removedInUse: diff.removed.filter(inUse).map(describeUnit),
    addedNearUse: diff.added.filter((unit) => usedPaths.has(unit.path.join(" "))).map(describeUnit),
    added: diff.added.length,
    removed: diff.removed.length,
  };
}

function identity(unit: SurfaceUnit): string {
  return `${unit.path.join(" ")}\u0000${unit.key ?? (unit.name === undefined ? "" : `<${unit.name}>`)}`;
}

/** Root flags are global: the wrapper's `exec --model` is the union's `[] --model`. */
function globalInUse(unit: SurfaceUnit, used: ReadonlySet<string>): boolean {
  if (unit.path.length > 0 || unit.key === undefined) return false;
  return [...used].some((id) => id.endsWith(`\u0000${unit.key}`));
}

function wrapperIdentities(coverage: WrapperCoverageV1): Set<string> {
  const ids = new Set<string>();
  for (const entry of coverage.coverage) {
    if (entry.level !== "explicit" && entry.level !== "passthrough") continue;
    ids.add(identity({ path: entry.path }));
    for (const flag of entry.flags ?? []) {
      if (flag.level === "explicit" || flag.level === "passthrough") {
        ids.add(identity({ path: entry.path, key: flag.key }));
      }
    }
    for (const arg of entry.args ?? []) {
      if (arg.level === "explicit" || arg.level === "passthrough") {
        ids.add(identity({ path: entry.path, name: arg.name }));
      }
    }
  }
  return ids;
}

/**
 * Copies every file of `from` whose content differs from its counterpart in `to`; JSON files
 * that differ only in their timestamps count as unchanged, so taking a release twice writes
 * nothing. Returns the paths written, prefixed with `label`.
 */
async function copyChanged(from: string, to: string, label: string): Promise<string[]> {
  const written: string[] = [];
  for (const relative of await listFiles(from)) {
    const fresh = await readFile(path.join(from, relative), "utf8");
    const target = path.join(to, relative);
    const existing = await readFile(target, "utf8").catch(() => undefined);
    if (existing !== undefined && sameContent(existing, fresh, relative)) continue;
    await cp(path.join(from, relative), target, { force: true });
    written.push(path.posix.join(label, relative.split(path.sep).join("/")));
  }
  return written;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

const TIMESTAMP_KEYS = new Set(["collected_at", "generated_at"]);

/** Equal text, or equal JSON once `collected_at` / `generated_at` are left out. */
export function sameContent(a: string, b: string, name: string): boolean {
  if (a === b) return true;
  if (!name.endsWith(".json")) return false;
  try {
    const strip = (text: string) =>
      JSON.stringify(JSON.parse(text), (key, value) =>
        TIMESTAMP_KEYS.has(key) ? undefined : value,
      );
    return strip(a) === strip(b);
  } catch {
    return false;
  }
}

/** The verdict as lines for people. */
export function renderVerdict(
  result: TakeReleaseResult,
  devDependency: string | undefined,
): string {
  const lines: string[] = [];
  const { version, previous } = result;
  lines.push(
    `Codex ${version} against ${previous}: ${result.added} added, ${result.removed} removed anywhere`,
  );
  lines.push(
    result.removedInUse.length === 0
      ? "  surfaces ccw uses: none removed"
      : `  surfaces ccw uses, removed: ${result.removedInUse.join(", ")}`,
  );
  if (result.addedNearUse.length > 0) {
    lines.push(`  new on commands ccw runs: ${result.addedNearUse.join(", ")}`);
  }
  if (result.chain !== undefined) {
    lines.push(
      `  real chain: ${result.chain.ok ? "completed" : "failed"} (${result.chain.detail})`,
    );
  }
  switch (result.outcome) {
    case "broken":
      lines.push(`Verdict: Codex ${version} breaks ccw; nothing in the repository was changed.`);
      for (const problem of result.problems) lines.push(`  - ${problem}`);
      break;
    case "no-change":
      lines.push(
        `Verdict: no change. Codex ${version} is already taken; the committed files are current.`,
      );
      break;
    case "taken":
      lines.push(
        result.extendsRange
          ? `Verdict: the validated range can be extended to ${version}; done in the manifests.`
          : `Verdict: Codex ${version} works with ccw; its snapshot and reports were added.`,
      );
      lines.push("Commit:");
      for (const file of result.written) lines.push(`  ${file}`);
      break;
  }
  if (result.outcome !== "broken" && result.extendsRange && devDependency !== version) {
    lines.push(
      `Next: npm install --save-dev --save-exact @openai/codex@${version} && npm test, then commit package.json and package-lock.json too.`,
    );
  }
  return `${lines.join("\n")}\n`;
}
