/**
 * The probe cache file: results of probeCodexVersion / probeCodexCapabilities kept across
 * processes, keyed by the binary's real path, size and modification time (so an upgrade is
 * probed again). A missing, corrupt or unwritable file only costs a probe.
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import * as z from "zod/mini";
import { writeFileAtomically } from "../../lib/fs/atomic-file.js";

/** What one probe of one binary found. */
export const ProbeRecord = z.object({
  version: z.object({ raw: z.string(), semver: z.optional(z.string()) }),
  flags: z.array(z.string()),
  resume: z.boolean(),
  resumeFlags: z.optional(z.array(z.string())),
});
export type ProbeRecord = z.infer<typeof ProbeRecord>;

const ProbeCacheFile = z.object({
  version: z.literal(1),
  binaries: z.record(
    z.string(),
    z.object({ size: z.number(), mtimeMs: z.number(), probe: ProbeRecord }),
  ),
});
type ProbeCacheFile = z.infer<typeof ProbeCacheFile>;

function binaryIdentity(bin: string): { key: string; size: number; mtimeMs: number } | undefined {
  try {
    const real = realpathSync(bin);
    const stat = statSync(real);
    return { key: real, size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined;
  }
}

function loadCacheFile(file: string): ProbeCacheFile | undefined {
  try {
    const parsed = ProbeCacheFile.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The cached probe of `bin`, if the file has one for this very binary. */
export function readProbeCache(file: string, bin: string): ProbeRecord | undefined {
  const identity = binaryIdentity(bin);
  const entry = identity && loadCacheFile(file)?.binaries[identity.key];
  if (entry === undefined || identity === undefined) return undefined;
  return entry.size === identity.size && entry.mtimeMs === identity.mtimeMs
    ? entry.probe
    : undefined;
}

/** Records the probe of `bin`, keeping the other binaries' entries. Never throws. */
export async function writeProbeCache(
  file: string,
  bin: string,
  probe: ProbeRecord,
): Promise<void> {
  const identity = binaryIdentity(bin);
  if (identity === undefined) return;
  const current = loadCacheFile(file) ?? { version: 1, binaries: {} };
  const next: ProbeCacheFile = {
    version: 1,
    binaries: {
      ...current.binaries,
      [identity.key]: { size: identity.size, mtimeMs: identity.mtimeMs, probe },
    },
  };
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomically(file, `${JSON.stringify(next, null, 2)}\n`);
  } catch {
    // A cache that cannot be written only costs a probe next time; never fail a run for it.
  }
}

/**
 * Where ccw keeps probe results across processes: `$XDG_CACHE_HOME/ccw/codex-probe.json`, else
 * `~/.cache/ccw/codex-probe.json`. Shared by `ccw cli` and the coordinator.
 */
export function defaultProbeCacheFile(
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): string {
  const cacheHome = env.XDG_CACHE_HOME || path.join(homedir, ".cache");
  return path.join(cacheHome, "ccw", "codex-probe.json");
}
