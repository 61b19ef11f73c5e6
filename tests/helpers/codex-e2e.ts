/**
 * End-to-end runs of the real Codex binary (the `@openai/codex` dev dependency) against the
 * project's scripted model server, offline: a temp folder with a workspace, a CODEX_HOME whose
 * config points at the server, and the environment to run Codex or ccw with.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeCodexHome } from "../../ccw/src/dev/model-server/codex-home.js";
import type { ModelServerScriptSource } from "../../ccw/src/dev/model-server/script.js";
import { type ModelServer, startModelServer } from "../../ccw/src/dev/model-server/server.js";

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The real Codex CLI installed as a dev dependency. */
export const REAL_CODEX_BIN = path.join(REPO_ROOT, "node_modules", ".bin", "codex");

/** The built ccw executable (`npm run build` first; `npm test` does). */
export const CCW_BIN = path.join(REPO_ROOT, "ccw", "bin", "ccw.js");

/** One prepared world for end-to-end runs. */
export interface CodexE2E {
  /** The temp folder holding everything below (removed by close()). */
  readonly root: string;
  /** An empty folder to run Codex in (not a git repository). */
  readonly workspace: string;
  readonly codexHome: string;
  readonly server: ModelServer;
  /** The whole environment for Codex or ccw: PATH, a private HOME, CODEX_HOME, a dummy key. */
  readonly env: Record<string, string>;
  readonly bin: string;
  /** Pids of live processes started with this world's CODEX_HOME (Linux /proc). */
  leftoverProcesses(): number[];
  close(): Promise<void>;
}

/** Starts a model server with `script` and prepares a workspace and CODEX_HOME for it. */
export async function startCodexE2E(script: ModelServerScriptSource): Promise<CodexE2E> {
  const root = mkdtempSync(path.join(os.tmpdir(), "ccw-e2e-"));
  const workspace = path.join(root, "workspace");
  const home = path.join(root, "home");
  mkdirSync(workspace);
  mkdirSync(home);
  const server = await startModelServer(script);
  const codexHome = await writeCodexHome({
    codexHome: path.join(root, "codex-home"),
    baseUrl: server.baseUrl,
  });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    NO_COLOR: "1",
    TERM: "dumb",
    ...codexHome.env,
  };
  return {
    root,
    workspace,
    codexHome: codexHome.codexHome,
    server,
    env,
    bin: REAL_CODEX_BIN,
    leftoverProcesses: () => processesWithEnv(`CODEX_HOME=${codexHome.codexHome}`),
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Pids of live processes whose environment holds `entry` exactly (Linux only; else []). */
export function processesWithEnv(entry: string): number[] {
  if (os.platform() !== "linux") return [];
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`, "utf8").split("\0");
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // A zombie (state Z) is dead; it only waits for its parent to reap it.
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      if (environ.includes(entry) && state !== "Z") pids.push(Number(name));
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
  return pids;
}

/** Polls `check` until it holds or `timeoutMs` passes; returns its last value. */
export async function eventually<T>(
  check: () => T,
  done: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = check();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = check();
  }
  return value;
}
