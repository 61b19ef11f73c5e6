/**
 * How ccw starts Codex. npm installs Codex as a Node script (`@openai/codex/bin/codex.js`) that
 * finds the native executable in a platform package, sets two environment variables and
 * replaces itself with it. ccw does the same directly: it saves a second Node start-up on
 * every run, and signals reach Codex itself. Anything else (a native binary, another script)
 * runs as it is, and so does the launcher when its native binary cannot be found.
 */
import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
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

/** The target triple of the Codex build for a Node platform and arch (as Codex's launcher maps them). */
export function hostTargetTriple(platform: string, arch: string): string | undefined {
  const cpu = arch === "x64" ? "x86_64" : arch === "arm64" ? "aarch64" : undefined;
  if (cpu === undefined) return undefined;
  if (platform === "linux" || platform === "android") return `${cpu}-unknown-linux-musl`;
  if (platform === "darwin") return `${cpu}-apple-darwin`;
  if (platform === "win32") return `${cpu}-pc-windows-msvc`;
  return undefined;
}

/** What to spawn for a Codex executable, and the variables to add to its environment. */
export interface CodexLaunch {
  readonly file: string;
  readonly env: Readonly<Record<string, string>>;
  /** Whether `file` is the native binary found behind Codex's npm launcher. */
  readonly native: boolean;
}

/** Whether a file starts with `#!` (a script, not a native executable). */
export function isScript(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const head = Buffer.alloc(2);
    readSync(fd, head, 0, 2, 0);
    return head.toString("latin1") === "#!";
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const isFile = (file: string) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * The native executables that Codex's launcher at `launcher` (its real path) could start for
 * `target`, in the order the launcher tries them: the platform package's `vendor/`, then the
 * package's own; the `bin/codex` layout of current releases and the `codex/codex` of older ones.
 */
export function nativeCandidates(launcher: string, target: string): string[] {
  const packageDir = path.dirname(path.dirname(launcher));
  const platformPackage = CODEX_PLATFORM_PACKAGES[target];
  const vendorDirs = [
    ...(platformPackage === undefined
      ? []
      : [
          path.join(path.dirname(packageDir), platformPackage, "vendor"),
          path.join(packageDir, "node_modules", "@openai", platformPackage, "vendor"),
        ]),
    path.join(packageDir, "vendor"),
  ];
  const exe = target.includes("windows") ? "codex.exe" : "codex";
  return vendorDirs.flatMap((dir) => [
    path.join(dir, target, "bin", exe),
    path.join(dir, target, "codex", exe),
  ]);
}

/** The first existing native executable behind a launcher, if any. */
export function findNativeCodex(launcher: string, target: string): string | undefined {
  return nativeCandidates(launcher, target).find(isFile);
}

/** The root of the `@openai/codex` package whose launcher `file` is, if it is one. */
function codexPackageOf(file: string): string | undefined {
  if (!isScript(file)) return undefined;
  const packageDir = path.dirname(path.dirname(file));
  try {
    const manifest: unknown = JSON.parse(
      readFileSync(path.join(packageDir, "package.json"), "utf8"),
    );
    const name =
      typeof manifest === "object" && manifest !== null && "name" in manifest
        ? manifest.name
        : undefined;
    return name === "@openai/codex" ? packageDir : undefined;
  } catch {
    return undefined;
  }
}

const launches = new Map<string, CodexLaunch>();

/** How to start `bin` on this host (cached per path for the process). */
export function codexLaunch(
  bin: string,
  host: { platform: string; arch: string } = process,
): CodexLaunch {
  const cached = launches.get(bin);
  if (cached) return cached;
  let launch: CodexLaunch = { file: bin, env: {}, native: false };
  try {
    const real = realpathSync(bin);
    const packageDir = codexPackageOf(real);
    const target = hostTargetTriple(host.platform, host.arch);
    const native = packageDir && target ? findNativeCodex(real, target) : undefined;
    if (packageDir && native) {
      // What the launcher itself sets before it starts the binary.
      launch = {
        file: native,
        env: { CODEX_MANAGED_PACKAGE_ROOT: packageDir, CODEX_MANAGED_BY_NPM: "1" },
        native: true,
      };
    }
  } catch {
    // Not resolvable: start it as it is, and let the spawn report what is wrong.
  }
  launches.set(bin, launch);
  return launch;
}
