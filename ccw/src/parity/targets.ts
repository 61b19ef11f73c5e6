import type { RulesV1 } from "./rules.js";

/** The npm platform packages of `@openai/codex`, by the target triple their binary is built for. */
export const CODEX_PLATFORM_PACKAGES: Readonly<Record<string, string>> = {
  "x86_64-unknown-linux-musl": "codex-linux-x64",
  "aarch64-unknown-linux-musl": "codex-linux-arm64",
  "x86_64-apple-darwin": "codex-darwin-x64",
  "aarch64-apple-darwin": "codex-darwin-arm64",
  "x86_64-pc-windows-msvc": "codex-win32-x64",
  "aarch64-pc-windows-msvc": "codex-win32-arm64",
};

/** The target triple of the Codex build for a Node platform and arch (as Codex's npm shim maps them). */
export function hostTargetTriple(platform: string, arch: string): string | undefined {
  const cpu = arch === "x64" ? "x86_64" : arch === "arm64" ? "aarch64" : undefined;
  if (cpu === undefined) return undefined;
  if (platform === "linux" || platform === "android") return `${cpu}-unknown-linux-musl`;
  if (platform === "darwin") return `${cpu}-apple-darwin`;
  if (platform === "win32") return `${cpu}-pc-windows-msvc`;
  return undefined;
}

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
