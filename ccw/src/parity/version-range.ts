/**
 * Whether a Codex version lies in the range ccw was validated against:
 * `min_supported.txt` ..= `latest_validated.txt` in the shipped cli_manifests/codex/.
 */
import path from "node:path";
import { describeFsError } from "../errors.js";
import { readRegularFileSync } from "../lib/fs/regular-file.js";
import { defaultManifestDir } from "./manifest-layout.js";
import { compareSemver, isStableSemver, parseSemver } from "./semver.js";

/** The result of a version check; `message` is one line for a warning (absent when ok). */
export interface CodexVersionCheck {
  status: "ok" | "below-min" | "above-latest" | "unknown";
  min: string;
  latest: string;
  message?: string;
}

/** The validated range, or why it could not be read. */
export type SupportedRange = { min: string; latest: string } | { error: string };

/** Reads a pointer file: exactly one stable semver and a newline. */
export function parsePointer(text: string): string | undefined {
  const match = /^([^\s]+)\n$/.exec(text);
  return match?.[1] !== undefined && isStableSemver(match[1]) ? match[1] : undefined;
}

/** Reads min_supported.txt and latest_validated.txt of a manifest folder (sync). */
export function readSupportedRange(dir: string): SupportedRange {
  const read = (name: string): string => {
    const file = path.join(dir, name);
    let text: string;
    try {
      text = readRegularFileSync(file);
    } catch (error) {
      throw new Error(`cannot read ${file}: ${describeFsError(error)}`);
    }
    const version = parsePointer(text);
    if (version === undefined)
      throw new Error(`${file} must hold one version such as 0.169.0 and a newline`);
    return version;
  };
  try {
    return { min: read("min_supported.txt"), latest: read("latest_validated.txt") };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Classifies `semver` against a range. Pure. */
export function checkVersionInRange(
  semver: string | undefined,
  range: SupportedRange,
): CodexVersionCheck {
  if ("error" in range) {
    return {
      status: "unknown",
      min: "unknown",
      latest: "unknown",
      message: `cannot check the Codex version: ${range.error}`,
    };
  }
  const { min, latest } = range;
  const span = `${min} to ${latest}`;
  const parsed = semver === undefined ? undefined : parseSemver(semver);
  const minVersion = parseSemver(min);
  const latestVersion = parseSemver(latest);
  if (parsed === undefined || minVersion === undefined || latestVersion === undefined) {
    return {
      status: "unknown",
      min,
      latest,
      message: `cannot tell which Codex version this is${semver === undefined ? "" : ` (${JSON.stringify(semver)})`}; ccw is validated with Codex ${span}`,
    };
  }
  if (compareSemver(parsed, minVersion) < 0) {
    return {
      status: "below-min",
      min,
      latest,
      message: `Codex ${semver} is older than ${min}, the oldest version ccw supports (validated ${span}); upgrade: npm install -g @openai/codex@${latest}`,
    };
  }
  if (compareSemver(parsed, latestVersion) > 0) {
    return {
      status: "above-latest",
      min,
      latest,
      message: `Codex ${semver} is newer than ${latest}, the newest version ccw was validated with (${span}); if a run fails on a flag, run ccw doctor; to validate it, run npm run codex:update -- ${semver} in a ccw checkout (docs/parity.md)`,
    };
  }
  return { status: "ok", min, latest };
}

let cachedRange: SupportedRange | undefined;

/**
 * Checks a Codex version against the range shipped with ccw (read once per process). The
 * coordinator prints `message` as its one-line warning when the status is not `ok`.
 */
export function checkCodexVersion(semver: string | undefined): CodexVersionCheck {
  cachedRange ??= readSupportedRange(defaultManifestDir());
  return checkVersionInRange(semver, cachedRange);
}
