/**
 * The guard against shipping a removed flag: identities the wrapper coverage names that an
 * upstream union does not have (global flags resolved onto the root, as reports do).
 */
import { describePath } from "./json-text.js";
import type { UpstreamSnapshotUnionV2, WrapperCoverageV1 } from "./schemas.js";
import { UpstreamIndex } from "./upstream-index.js";
import { CAPABILITY_GUARDED_NOTE } from "./wrapper-levels.js";

/** One wrapper identity without an upstream counterpart, located in the coverage. */
export interface UpstreamGap {
  readonly pointer: string;
  readonly message: string;
}

/**
 * Wrapper identities `union` lacks. With `emittedOnly`, only what the wrapper sends without a
 * capability probe counts (explicit or passthrough, not capability-guarded): the bar for
 * min_supported. Without it every identity counts, waivers included: the bar for
 * latest_validated, where a stale entry must be cleaned up.
 */
export function coverageNotUpstream(
  coverage: WrapperCoverageV1,
  union: UpstreamSnapshotUnionV2,
  options: { emittedOnly: boolean },
): UpstreamGap[] {
  const index = new UpstreamIndex(union);
  const version = union.inputs[0]?.binary.semantic_version ?? "?";
  const counts = (unit: { level: string; note?: string | undefined }) =>
    !options.emittedOnly ||
    ((unit.level === "explicit" || unit.level === "passthrough") &&
      unit.note !== CAPABILITY_GUARDED_NOTE);
  const gaps: UpstreamGap[] = [];
  coverage.coverage.forEach((entry, entryIndex) => {
    const base = `/coverage/${entryIndex}`;
    const where = describePath(entry.path);
    if (counts(entry) && index.command(entry.path) === undefined) {
      gaps.push({ pointer: base, message: `${where} does not exist in Codex ${version}` });
    }
    entry.flags?.forEach((flag, flagIndex) => {
      if (counts(flag) && index.resolveFlag(entry.path, flag.key) === undefined) {
        gaps.push({
          pointer: `${base}/flags/${flagIndex}`,
          message: `${where} ${flag.key} does not exist in Codex ${version} (neither on the command nor on the root)`,
        });
      }
    });
    entry.args?.forEach((arg, argIndex) => {
      if (counts(arg) && index.arg(entry.path, arg.name) === undefined) {
        gaps.push({
          pointer: `${base}/args/${argIndex}`,
          message: `${where} has no argument ${arg.name} in Codex ${version}`,
        });
      }
    });
  });
  return gaps;
}
