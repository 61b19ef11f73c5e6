/**
 * The two effects of taking a Codex release that leave ccw's own process: installing the
 * release with npm into a scratch folder, and running the demo chain on it. Both run programs
 * with argv arrays (never a shell) and bounded time. Also the Codex pin of a checkout.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import * as z from "zod";
import { OperationFailedError } from "../errors.js";
import { packageRoot } from "../package-info.js";
import type { ChainOutcome } from "./take-release.js";

const INSTALL_TIMEOUT_MS = 10 * 60_000;
const CHAIN_TIMEOUT_MS = 5 * 60_000;

type Env = Readonly<Record<string, string | undefined>>;

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: Env; timeoutMs: number },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      {
        cwd: options.cwd,
        env: { ...options.env },
        timeout: options.timeoutMs,
        maxBuffer: 32 * 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number" && !error.killed) {
          reject(error);
          return;
        }
        resolve({
          code: error === null ? 0 : typeof error.code === "number" ? error.code : null,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** How to start npm: the npm that runs us (`npm run codex:update`), else `npm` from PATH. */
function npmCommand(env: Env): { file: string; prefix: string[] } {
  const execPath = env.npm_execpath;
  if (execPath?.endsWith(".js")) {
    return { file: process.execPath, prefix: [execPath] };
  }
  return { file: process.platform === "win32" ? "npm.cmd" : "npm", prefix: [] };
}

/** `npm install @openai/codex@<version>` in `folder`; returns its `node_modules/.bin/codex`. */
export function npmInstaller(env: Env): (version: string, folder: string) => Promise<string> {
  return async (version, folder) => {
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, "package.json"), '{ "private": true }\n');
    const npm = npmCommand(env);
    const args = [
      ...npm.prefix,
      "install",
      `@openai/codex@${version}`,
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
    ];
    let result: Finished;
    try {
      result = await run(npm.file, args, { cwd: folder, env, timeoutMs: INSTALL_TIMEOUT_MS });
    } catch (error) {
      throw new OperationFailedError(
        `cannot start npm: ${error instanceof Error ? error.message : String(error)}`,
        {
          hint: "Install npm, or run this from `npm run codex:update -- <version>`.",
        },
      );
    }
    if (result.code !== 0) {
      const tail = result.stderr.trim().split("\n").slice(-3).join(" | ");
      throw new OperationFailedError(`npm could not install @openai/codex@${version}: ${tail}`, {
        hint: "Check the version exists (npm view @openai/codex versions) and that the npm registry is reachable; nothing was changed.",
      });
    }
    return path.join(
      folder,
      "node_modules",
      ".bin",
      process.platform === "win32" ? "codex.cmd" : "codex",
    );
  };
}

/** Runs `ccw demo` (the real two-step chain against the local model server) on `codexBin`. */
export function demoChainRunner(
  env: Env,
): (codexBin: string, folder: string) => Promise<ChainOutcome> {
  return async (codexBin, folder) => {
    await mkdir(folder, { recursive: true });
    const ccw = path.join(packageRoot(), "ccw", "bin", "ccw.js");
    const { CCW_CODEX_BIN: _ignored, ...rest } = env;
    const result = await run(
      process.execPath,
      [ccw, "demo", "--dir", folder, "--codex-bin", codexBin],
      {
        cwd: folder,
        env: { ...rest, NO_COLOR: "1" },
        timeoutMs: CHAIN_TIMEOUT_MS,
      },
    );
    if (result.code === 0) return { ok: true, detail: "ccw demo: every step completed" };
    const tail = result.stderr
      .trim()
      .split("\n")
      .filter((line) => line.trim() !== "")
      .slice(-2)
      .join(" | ");
    return { ok: false, detail: `ccw demo exited ${result.code ?? "on a timeout"}: ${tail}` };
  };
}

const PackageJson = z.object({
  devDependencies: z.record(z.string(), z.string()).optional(),
});

/** The `@openai/codex` version a checkout's package.json pins, if any. */
export function devDependencyOf(checkout: string): string | undefined {
  try {
    const json: unknown = JSON.parse(readFileSync(path.join(checkout, "package.json"), "utf8"));
    return PackageJson.safeParse(json).data?.devDependencies?.["@openai/codex"];
  } catch {
    return undefined;
  }
}
