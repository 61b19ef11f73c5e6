/**
 * How ccw starts Codex. npm installs Codex as a Node script (`@openai/codex/bin/codex.js`) that
 * finds the native executable in a platform package, sets two environment variables and
 * replaces itself with it. ccw does the same directly: it saves a second Node start-up on
 * every run, and signals reach Codex itself. Anything else (a native binary, another script)
 * runs as it is, and so does the launcher when its native binary cannot be found.
 */
import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { CODEX_PLATFORM_PACKAGES, nativeCandidates } from "./codex-native-paths.js";
import { type LaunchFiles, windowsCodexLaunch } from "./windows-launch.js";

export { CODEX_PLATFORM_PACKAGES, nativeCandidates };

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
  /** Arguments before Codex's own (the script, when Node starts a launcher script). */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Whether `file` is the native binary found behind Codex's npm launcher. */
  readonly native: boolean;
  /** Why `file` cannot be started without a shell (a `.cmd` that names no script). */
  readonly problem?: string;
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

const files: LaunchFiles = {
  isFile,
  readText: (file) => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
  },
};

const launches = new Map<string, CodexLaunch>();

/** How to start `bin` on this host (cached per path for the process). */
export function codexLaunch(
  bin: string,
  host: { platform: string; arch: string } = process,
): CodexLaunch {
  const cached = launches.get(bin);
  if (cached) return cached;
  let launch: CodexLaunch = { file: bin, args: [], env: {}, native: false };
  if (host.platform === "win32") {
    const found = windowsCodexLaunch(bin, { arch: host.arch, nodePath: process.execPath, files });
    launch = "error" in found ? { ...launch, problem: found.error } : found;
    launches.set(bin, launch);
    return launch;
  }
  try {
    const real = realpathSync(bin);
    const packageDir = codexPackageOf(real);
    const target = hostTargetTriple(host.platform, host.arch);
    const native = packageDir && target ? findNativeCodex(real, target) : undefined;
    if (packageDir && native) {
      // What the launcher itself sets before it starts the binary.
      launch = {
        file: native,
        args: [],
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
