/**
 * Which Codex executable ccw runs, and what it can do: its version and the flags of
 * `codex exec` (and `codex exec resume`), probed once per binary and cached.
 */
import type { ExecFileException } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CodexNotFoundError, describeFsError } from "../../errors.js";
import { runProbe } from "../../lib/process/run-probe.js";
import { packageRoot } from "../../package-info.js";
import type { CodexCapabilities } from "./codex-argv.js";
import { codexLaunch } from "./codex-launch.js";
import type { ProbeRecord } from "./codex-probe-cache.js";

/** The executable chosen, and which rule chose it. */
export interface ResolvedCodexBinary {
  path: string;
  /**
   * `flag`: --codex-bin; `env`: CCW_CODEX_BIN; `project`: a node_modules/.bin of the workspace
   * (or a parent folder) or of ccw's own package; `path`: the PATH.
   */
  source: "flag" | "env" | "project" | "path";
}

const INSTALL_HINT =
  "Install Codex with `npm install -g @openai/codex` (or `npm install --save-dev @openai/codex` in the project), or point ccw at it with --codex-bin <path> or CCW_CODEX_BIN=<path>.";

/**
 * --codex-bin, else CCW_CODEX_BIN, else node_modules/.bin/codex of the workspace and its parent
 * folders, then of ccw's own package, else PATH. A name without a slash given to --codex-bin or
 * CCW_CODEX_BIN is looked up on PATH. Throws CodexNotFoundError naming every place looked.
 */
export function resolveCodexBinary(options: {
  explicit?: string;
  env: Readonly<Record<string, string | undefined>>;
  workspace: string;
  /** ccw's own package folder (default packageRoot()); tests point it elsewhere. */
  ownPackage?: string;
}): ResolvedCodexBinary {
  const { env, workspace } = options;
  const names = executableNames("codex", env);
  const onPath = (name: string) => searchPath(executableNames(name, env), env);

  const chosen = (value: string, label: string, source: "flag" | "env"): ResolvedCodexBinary => {
    const found = isBareName(value) ? onPath(value) : executableAt(path.resolve(workspace, value));
    if (found === undefined) {
      throw new CodexNotFoundError(
        `${label} names ${value}, which is not an executable file${isBareName(value) ? " on PATH" : ""}`,
        { hint: `Fix ${label}, or unset it to let ccw find Codex by itself. ${INSTALL_HINT}` },
      );
    }
    return { path: found, source };
  };

  if (options.explicit !== undefined && options.explicit !== "") {
    return chosen(options.explicit, "--codex-bin", "flag");
  }
  const fromEnv = env.CCW_CODEX_BIN;
  if (fromEnv !== undefined && fromEnv !== "") return chosen(fromEnv, "CCW_CODEX_BIN", "env");

  for (const dir of ancestors(path.resolve(workspace))) {
    const found = firstExecutable(
      names.map((name) => path.join(dir, "node_modules", ".bin", name)),
    );
    if (found !== undefined) return { path: found, source: "project" };
  }
  const ownBin = path.join(options.ownPackage ?? packageRoot(), "node_modules", ".bin");
  const own = firstExecutable(names.map((name) => path.join(ownBin, name)));
  if (own !== undefined) return { path: own, source: "project" };

  const fromPath = searchPath(names, env);
  if (fromPath !== undefined) return { path: fromPath, source: "path" };

  const pathDirs = pathFolders(env);
  throw new CodexNotFoundError(
    `cannot find the Codex CLI; looked at: --codex-bin (not given), CCW_CODEX_BIN (not set), node_modules/.bin/codex in ${path.resolve(workspace)} and its parent folders, ${path.join(ownBin, "codex")}, and ${pathDirs.length} folder${pathDirs.length === 1 ? "" : "s"} on PATH${pathDirs.length > 0 ? ` (${shortList(pathDirs)})` : ""}`,
    { hint: INSTALL_HINT },
  );
}

function isBareName(value: string): boolean {
  return !value.includes("/") && !value.includes(path.sep);
}

function ancestors(dir: string): string[] {
  const dirs = [dir];
  for (let current = dir; path.dirname(current) !== current; ) {
    current = path.dirname(current);
    dirs.push(current);
  }
  return dirs;
}

function executableNames(name: string, env: Readonly<Record<string, string | undefined>>) {
  if (os.platform() !== "win32" || path.extname(name) !== "") return [name];
  const extensions = (env.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";").filter(Boolean);
  return extensions.map((ext) => `${name}${ext.toLowerCase()}`);
}

function pathFolders(env: Readonly<Record<string, string | undefined>>): string[] {
  const value = env.PATH ?? env.Path ?? "";
  return value.split(path.delimiter).filter((dir) => dir !== "");
}

function searchPath(
  names: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  for (const dir of pathFolders(env)) {
    const found = firstExecutable(names.map((name) => path.resolve(dir, name)));
    if (found !== undefined) return found;
  }
  return undefined;
}

function firstExecutable(candidates: readonly string[]): string | undefined {
  for (const candidate of candidates) {
    const found = executableAt(candidate);
    if (found !== undefined) return found;
  }
  return undefined;
}

function executableAt(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) return undefined;
    if (os.platform() !== "win32") accessSync(file, constants.X_OK);
    return file;
  } catch {
    return undefined;
  }
}

function shortList(items: readonly string[]): string {
  return items.length <= 4 ? items.join(", ") : `${items.slice(0, 4).join(", ")}, ...`;
}

// ---------------------------------------------------------------------------------------------
// Probes

/** What `codex --version` printed, and the semantic version in it. */
export interface CodexVersion {
  raw: string;
  semver?: string;
}

/** Options shared by the probes. */
export interface ProbeOptions {
  /** The environment for the probe processes (default: inherited). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * A JSON file that keeps probe results across processes, keyed by the binary's real path,
   * size and modification time (so an upgrade invalidates it). Unreadable or unwritable: ignored.
   */
  cacheFile?: string;
}

const PROBE_TIMEOUT_MS = 15_000;

const versionCache = new Map<string, Promise<CodexVersion>>();
const capabilityCache = new Map<string, Promise<CodexCapabilities>>();
const recordCache = new Map<string, Promise<ProbeRecord>>();

/**
 * `codex --version`, run once per binary (cached in the process, and in `cacheFile`). With a
 * cache file, a miss probes the help too, so the file gets a whole record and the next process
 * starts Codex without running it first.
 */
export function probeCodexVersion(bin: string, options: ProbeOptions = {}): Promise<CodexVersion> {
  return memoize(versionCache, bin, async () => {
    const cached = await readCache(options.cacheFile, bin);
    if (cached !== undefined) return cached.version;
    if (options.cacheFile !== undefined) return (await probeRecord(bin, options)).version;
    return parseCodexVersion((await runCodexProbe(bin, ["--version"], options.env)).trim());
  });
}

/**
 * The long flags of `codex exec` and `codex exec resume`, from their help, plus the version:
 * run once per binary (cached in the process, and in `cacheFile`).
 */
export function probeCodexCapabilities(
  bin: string,
  options: ProbeOptions = {},
): Promise<CodexCapabilities> {
  return memoize(capabilityCache, bin, async () => {
    const cached = await readCache(options.cacheFile, bin);
    return capabilitiesOf(cached ?? (await probeRecord(bin, options)));
  });
}

/** Runs every probe of one binary once per process and keeps the record in `cacheFile`. */
function probeRecord(bin: string, options: ProbeOptions): Promise<ProbeRecord> {
  return memoize(recordCache, bin, async () => {
    const [rawVersion, execHelp] = await Promise.all([
      runCodexProbe(bin, ["--version"], options.env),
      runCodexProbe(bin, ["help", "exec"], options.env),
    ]);
    const exec = parseHelp(execHelp);
    const resumeHelp = exec.commands.includes("resume")
      ? await runCodexProbe(bin, ["help", "exec", "resume"], options.env).catch(() => undefined)
      : undefined;
    const record: ProbeRecord = {
      version: parseCodexVersion(rawVersion.trim()),
      flags: exec.flags,
      resume: exec.commands.includes("resume"),
      ...(resumeHelp === undefined ? {} : { resumeFlags: parseHelp(resumeHelp).flags }),
    };
    if (options.cacheFile !== undefined) {
      const { writeProbeCache } = await import("./codex-probe-cache.js");
      await writeProbeCache(options.cacheFile, bin, record);
    }
    return record;
  });
}

/** Parses `codex-cli 0.169.0` (or any text holding a semver). */
export function parseCodexVersion(raw: string): CodexVersion {
  const match = /\b(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\b/.exec(raw);
  return match?.[1] === undefined ? { raw } : { raw, semver: match[1] };
}

/** The long flags and subcommands a clap help text lists. */
export function parseHelp(text: string): { flags: string[]; commands: string[] } {
  const flags = new Set<string>();
  const commands: string[] = [];
  let section = "";
  for (const line of text.split(/\r?\n/)) {
    const heading = /^([A-Z][A-Za-z ]*):\s*$/.exec(line);
    if (heading?.[1] !== undefined) {
      section = heading[1];
      continue;
    }
    const flag = /^\s+(?:-[A-Za-z0-9], )?(--[A-Za-z0-9][A-Za-z0-9-]*)/.exec(line);
    if (flag?.[1] !== undefined) flags.add(flag[1]);
    const command = /^ {2}([a-z][a-z0-9-]*)(?:\s{2,}|$)/.exec(line);
    if (section === "Commands" && command?.[1] !== undefined) commands.push(command[1]);
  }
  return { flags: [...flags].sort(), commands };
}

/** Forgets the probes this process made (tests; a long-running process after an upgrade). */
export function forgetCodexProbes(): void {
  versionCache.clear();
  capabilityCache.clear();
  recordCache.clear();
}

/**
 * The cache file is read through zod, loaded only here: `ccw cli` resolves the binary and
 * starts Codex without a probe in most runs (see runCodex), and zod costs tens of
 * milliseconds to load before Codex can start.
 */
async function readCache(file: string | undefined, bin: string) {
  if (file === undefined) return undefined;
  const { readProbeCache } = await import("./codex-probe-cache.js");
  return readProbeCache(file, bin);
}

function capabilitiesOf(record: ProbeRecord): CodexCapabilities {
  return {
    flags: new Set(record.flags),
    resume: record.resume,
    ...(record.resumeFlags === undefined ? {} : { resumeFlags: new Set(record.resumeFlags) }),
    ...(record.version.semver === undefined ? {} : { version: record.version.semver }),
  };
}

function memoize<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>) {
  const existing = cache.get(key);
  if (existing !== undefined) return existing;
  const pending = load();
  cache.set(key, pending);
  // A failed probe is not remembered: the user may fix the binary and retry in the same process.
  pending.catch(() => cache.delete(key));
  return pending;
}

function runCodexProbe(
  bin: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> | undefined,
): Promise<string> {
  const launch = codexLaunch(bin);
  if (launch.problem !== undefined) {
    return Promise.reject(new CodexNotFoundError(launch.problem, { hint: INSTALL_HINT }));
  }
  return runProbe(
    launch.file,
    [...launch.args, ...args],
    {
      env: { ...(env ?? process.env), ...launch.env, NO_COLOR: "1", TERM: "dumb" },
      timeoutMs: PROBE_TIMEOUT_MS,
      maxBuffer: 4 * 1024 * 1024,
    },
    (error, stderr) => {
      const detail = (stderr.trim().split("\n").at(-1) ?? "") || probeFailure(error);
      return new CodexNotFoundError(`cannot run \`${bin} ${args.join(" ")}\`: ${detail}`, {
        hint: `Check that ${bin} is a working Codex CLI. ${INSTALL_HINT}`,
        cause: error,
      });
    },
  );
}

function probeFailure(error: ExecFileException): string {
  if (error.killed) return `no answer within ${PROBE_TIMEOUT_MS / 1000}s`;
  if (typeof error.code === "number") return `exited with code ${error.code}`;
  if (error.signal) return `killed by ${error.signal}`;
  return describeFsError(error);
}

export { defaultProbeCacheFile } from "./codex-probe-cache.js";
