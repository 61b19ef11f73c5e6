/**
 * Starting Codex on Windows without a shell. npm installs Codex there as `codex.cmd`, a cmd-shim
 * that runs `node …\@openai\codex\bin\codex.js`; Node cannot spawn a `.cmd` without cmd.exe,
 * and cmd.exe would re-parse every argument (a prompt with `&` or `%` in it would run or
 * expand). So ccw reads the shim instead: the script it names is Codex's launcher, whose native
 * `codex.exe` (in the platform package `@openai/codex-win32-x64` or `-arm64`) ccw starts
 * directly; any other script is started with Node itself. User text never reaches cmd.exe.
 * Pure over a small file-system interface, so tests run it with path.win32 on any host.
 */
import path from "node:path";
import { nativeCandidates } from "./codex-native-paths.js";

/** The files the resolution reads. */
export interface LaunchFiles {
  isFile(file: string): boolean;
  /** The file's text, or undefined when it cannot be read. */
  readText(file: string): string | undefined;
}

/** What to spawn (never through a shell): `file` with `args` before Codex's own arguments. */
export interface WindowsLaunch {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly native: boolean;
}

const win = path.win32;

/**
 * The script an npm cmd-shim runs: the last `"%dp0%\…"` (or `%~dp0\…`) path in it, resolved
 * against the shim's folder; undefined when the text is no cmd-shim.
 */
export function cmdShimTarget(shim: string, text: string): string | undefined {
  const targets = [...text.matchAll(/"%~?dp0%?\\([^"\r\n]+)"/g)]
    .map((match) => match[1] ?? "")
    .filter((target) => !/^node(\.exe)?$/i.test(target));
  const last = targets.at(-1);
  return last === undefined ? undefined : win.resolve(win.dirname(shim), last);
}

/** The folder of the `@openai/codex` package whose launcher `script` is, if it is one. */
function codexPackageOf(script: string, files: LaunchFiles): string | undefined {
  const packageDir = win.dirname(win.dirname(script));
  const manifest = files.readText(win.join(packageDir, "package.json"));
  if (manifest === undefined) return undefined;
  try {
    const data: unknown = JSON.parse(manifest);
    const name = typeof data === "object" && data !== null && "name" in data ? data.name : "";
    return name === "@openai/codex" ? packageDir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How to start `bin` on Windows: a native `.exe` as it is; a cmd-shim through the script it
 * names (Codex's native binary behind Codex's launcher, else Node with the script). Returns a
 * message instead when a `.cmd` or `.bat` cannot be started without cmd.exe.
 */
export function windowsCodexLaunch(
  bin: string,
  host: { arch: string; nodePath: string; files: LaunchFiles },
): WindowsLaunch | { error: string } {
  const extension = win.extname(bin).toLowerCase();
  if (extension !== ".cmd" && extension !== ".bat") {
    return launchScript(bin, host) ?? { file: bin, args: [], env: {}, native: false };
  }
  const text = host.files.readText(bin);
  const script = text === undefined ? undefined : cmdShimTarget(bin, text);
  if (script === undefined || !host.files.isFile(script)) {
    return {
      error: `${bin} is a ${extension} file that does not name the script it runs, and ccw never starts one through cmd.exe (it would re-read the prompt's text); point --codex-bin or CCW_CODEX_BIN at codex.exe`,
    };
  }
  return (
    launchScript(script, host) ?? { file: host.nodePath, args: [script], env: {}, native: false }
  );
}

/** Codex's native binary when `file` is Codex's launcher script, else Node with a .js script. */
function launchScript(
  file: string,
  host: { arch: string; nodePath: string; files: LaunchFiles },
): WindowsLaunch | undefined {
  if (!/\.[cm]?js$/i.test(file)) return undefined;
  const packageDir = codexPackageOf(file, host.files);
  const cpu = host.arch === "x64" ? "x86_64" : host.arch === "arm64" ? "aarch64" : undefined;
  if (packageDir !== undefined && cpu !== undefined) {
    const native = nativeCandidates(file, `${cpu}-pc-windows-msvc`, win).find((candidate) =>
      host.files.isFile(candidate),
    );
    if (native !== undefined) {
      return {
        file: native,
        args: [],
        env: { CODEX_MANAGED_PACKAGE_ROOT: packageDir, CODEX_MANAGED_BY_NPM: "1" },
        native: true,
      };
    }
  }
  return { file: host.nodePath, args: [file], env: {}, native: false };
}
