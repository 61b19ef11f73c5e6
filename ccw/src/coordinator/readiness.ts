/**
 * What a coordinator run needs besides a working Codex, for `ccw doctor`: a login or a model
 * provider (without one, Codex retries "Reconnecting…" until a stall limit stops the step), the
 * prompt pack of the chains' units, and a workspace the session folder can be written in.
 */
import { constants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { CodexPromptRegistry } from "../tools/codex-prompt-registry.js";
import { SESSIONS_DIR } from "./session-paths.js";
import { catalogPromptNames } from "./units.js";

/** One check: what was looked at, whether it holds, and what to do when it does not. */
export interface ReadinessCheck {
  readonly name: "login" | "prompt-pack" | "workspace";
  readonly ok: boolean;
  readonly detail: string;
  /** Whether a failed check breaks every run (a problem) or may (a warning). */
  readonly severity: "problem" | "warning";
}

/** The checks, for a workspace and a Codex home. */
export async function checkReadiness(options: {
  workspace: string;
  codexHome: string;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<ReadinessCheck[]> {
  return [
    await loginCheck(options.codexHome, options.env),
    await promptPackCheck(options.workspace, options.codexHome),
    await workspaceCheck(options.workspace),
  ];
}

async function loginCheck(
  codexHome: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ReadinessCheck> {
  const key = ["OPENAI_API_KEY", "CODEX_API_KEY"].find((name) => (env[name] ?? "") !== "");
  const auth = path.join(codexHome, "auth.json");
  const hasAuth = await fs
    .stat(auth)
    .then((stats) => stats.isFile() && stats.size > 0)
    .catch(() => false);
  const config = await fs.readFile(path.join(codexHome, "config.toml"), "utf8").catch(() => "");
  const provider = /^\s*model_provider\s*=\s*"([^"]+)"/m.exec(config)?.[1];
  const detail = hasAuth
    ? `logged in (${auth})`
    : key !== undefined
      ? `API key in ${key}`
      : provider !== undefined && provider !== "openai"
        ? `model provider ${provider} (${path.join(codexHome, "config.toml")})`
        : undefined;
  return {
    name: "login",
    ok: detail !== undefined,
    detail:
      detail ??
      `no login (${auth}), no OPENAI_API_KEY and no model provider: every step would wait for the network until the stall limit stops it. Run \`codex login\`, or set OPENAI_API_KEY`,
    severity: "warning",
  };
}

async function promptPackCheck(workspace: string, codexHome: string): Promise<ReadinessCheck> {
  const registry = new CodexPromptRegistry({ workspace, codexHome });
  const missing: string[] = [];
  for (const name of catalogPromptNames()) {
    if ((await registry.get(name).catch(() => undefined)) === undefined) missing.push(name);
  }
  return {
    name: "prompt-pack",
    ok: missing.length === 0,
    detail:
      missing.length === 0
        ? `every prompt of the units found (${registry.projectDir}, ${registry.userDir})`
        : `${missing.length} prompt${missing.length === 1 ? "" : "s"} of the units missing (${missing.slice(0, 4).join(", ")}${missing.length > 4 ? ", ..." : ""}): install the pack with \`ccw workflow install --codex\``,
    severity: "warning",
  };
}

async function workspaceCheck(workspace: string): Promise<ReadinessCheck> {
  // The nearest folder that exists on the way to the sessions folder is where a write lands.
  let target = path.join(workspace, SESSIONS_DIR);
  while (!(await fs.stat(target).catch(() => undefined)) && target !== workspace)
    target = path.dirname(target);
  const writable = await fs
    .access(target, constants.W_OK)
    .then(() => true)
    .catch(() => false);
  return {
    name: "workspace",
    ok: writable,
    detail: writable
      ? `${target} is writable`
      : `${target} is not writable: sessions cannot be saved. Run ccw in a folder you can write, or give --cd`,
    severity: "problem",
  };
}
