import type { RulesV1 } from "./rules.js";

export { CODEX_PLATFORM_PACKAGES, hostTargetTriple } from "../tools/codex/codex-launch.js";

/** `{os, arch}` of a target: from RULES.json when it maps the target, else from the triple. */
export function platformOf(target: string, rules?: RulesV1): { os: string; arch: string } {
  const mapped = rules?.targets.platform_mapping[target];
  if (mapped !== undefined) return { os: mapped.os, arch: mapped.arch };
  const arch = target.split("-")[0] ?? target;
  const os = target.includes("linux")
    ? "linux"
    : target.includes("darwin")
      ? "macos"
      : target.includes("windows")
        ? "windows"
        : "unknown";
  return { os, arch };
}

/** Sorts targets in the order RULES.json lists them (unknown targets last, by code unit). */
export function sortTargets(targets: Iterable<string>, expected: readonly string[]): string[] {
  const rank = (target: string) => {
    const index = expected.indexOf(target);
    return index < 0 ? expected.length : index;
  };
  return [...new Set(targets)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
