/**
 * The slice of Semantic Versioning 2.0.0 the parity tools need: parse, stable check, and
 * precedence (SemVer §11). Small enough that a dependency would cost more than it saves.
 */

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** The source of the pattern above, for JSON Schema and RULES.json. */
export const SEMVER_PATTERN = SEMVER.source;

/** A stable release: `MAJOR.MINOR.PATCH` with no pre-release or build part. */
export const STABLE_SEMVER_PATTERN = "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$";

/** A parsed version. */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly string[];
}

/** Parses `text` as a semantic version; undefined when it is not one. */
export function parseSemver(text: string): SemVer | undefined {
  const match = SEMVER.exec(text);
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] === undefined ? [] : match[4].split("."),
  };
}

/** Whether `text` is a stable `MAJOR.MINOR.PATCH` version. */
export function isStableSemver(text: string): boolean {
  return new RegExp(STABLE_SEMVER_PATTERN).test(text);
}

/** SemVer precedence: negative when `a` comes before `b`. Build metadata is ignored. */
export function compareSemver(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  // A pre-release comes before its release; otherwise compare identifiers left to right.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return Math.sign(b.prerelease.length - a.prerelease.length);
  }
  const length = Math.min(a.prerelease.length, b.prerelease.length);
  for (let index = 0; index < length; index++) {
    const order = compareIdentifier(a.prerelease[index] ?? "", b.prerelease[index] ?? "");
    if (order !== 0) return order;
  }
  return Math.sign(a.prerelease.length - b.prerelease.length);
}

function compareIdentifier(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** The first semantic version inside `text` (e.g. `codex-cli 0.169.0` → `0.169.0`). */
export function findSemver(text: string): string | undefined {
  for (const token of text.split(/\s+/)) {
    const candidate = token.replace(/^v(?=\d)/, "");
    if (parseSemver(candidate)) return candidate;
  }
  return undefined;
}
