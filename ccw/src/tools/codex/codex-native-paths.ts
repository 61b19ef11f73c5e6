/** Where the native Codex executable lies behind Codex's npm launcher, for each platform. */
import path from "node:path";

/** The npm platform packages of `@openai/codex`, by the target triple their binary is built for. */
export const CODEX_PLATFORM_PACKAGES: Readonly<Record<string, string>> = {
  "x86_64-unknown-linux-musl": "codex-linux-x64",
  "aarch64-unknown-linux-musl": "codex-linux-arm64",
  "x86_64-apple-darwin": "codex-darwin-x64",
  "aarch64-apple-darwin": "codex-darwin-arm64",
  "x86_64-pc-windows-msvc": "codex-win32-x64",
  "aarch64-pc-windows-msvc": "codex-win32-arm64",
};

/**
 * The native executables that Codex's launcher at `launcher` (its real path) could start for
 * `target`, in the order the launcher tries them: the platform package's `vendor/`, then the
 * package's own; the `bin/codex` layout of current releases and the `codex/codex` of older ones.
 */
export function nativeCandidates(
  launcher: string,
  target: string,
  paths: path.PlatformPath = path,
): string[] {
  const packageDir = paths.dirname(paths.dirname(launcher));
  const platformPackage = CODEX_PLATFORM_PACKAGES[target];
  const vendorDirs = [
    ...(platformPackage === undefined
      ? []
      : [
          paths.join(paths.dirname(packageDir), platformPackage, "vendor"),
          paths.join(packageDir, "node_modules", "@openai", platformPackage, "vendor"),
        ]),
    paths.join(packageDir, "vendor"),
  ];
  const exe = target.includes("windows") ? "codex.exe" : "codex";
  return vendorDirs.flatMap((dir) => [
    paths.join(dir, target, "bin", exe),
    paths.join(dir, target, "codex", exe),
  ]);
}
