/**
 * A CODEX_HOME whose config.toml points Codex at a model server: provider `mock` with the
 * Responses wire API and no retries (a scripted failure fails at once, specs/codex-facts.md §4).
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describeFsError, StorageError, UsageError } from "../../errors.js";
import { writeFileAtomically } from "../../lib/fs/atomic-file.js";

export interface CodexHomeOptions {
  /** The folder to use as CODEX_HOME (created if missing). */
  codexHome: string;
  /** The model server's base URL, e.g. `http://127.0.0.1:4000/v1`. */
  baseUrl: string;
  /** The model name Codex sends (default `mock-model`). */
  model?: string;
}

/** The CODEX_HOME written, and the environment variables that make Codex use it. */
export interface CodexHome {
  readonly codexHome: string;
  readonly configPath: string;
  /** `CODEX_HOME`, and a dummy `OPENAI_API_KEY` (the server ignores it). */
  readonly env: Readonly<Record<string, string>>;
}

/** The first line of every config.toml ccw writes: what tells ccw it may replace the file. */
export const CODEX_HOME_MARK =
  "# Written by ccw: points Codex at a local model server (ccw dev model-server).";

/** The config.toml text for a model server at `baseUrl`. */
export function codexHomeConfig(baseUrl: string, model = "mock-model"): string {
  return [
    CODEX_HOME_MARK,
    `model = ${tomlString(model)}`,
    `model_provider = "mock"`,
    "",
    "[model_providers.mock]",
    `name = "mock"`,
    `base_url = ${tomlString(baseUrl)}`,
    `wire_api = "responses"`,
    "request_max_retries = 0",
    "stream_max_retries = 0",
    "",
  ].join("\n");
}

/** Writes `<codexHome>/config.toml` (replacing only one ccw wrote; refusing any other) and returns the environment to run Codex with. */
export async function writeCodexHome(options: CodexHomeOptions): Promise<CodexHome> {
  const codexHome = path.resolve(options.codexHome);
  try {
    await mkdir(codexHome, { recursive: true });
  } catch (error) {
    throw new StorageError(
      `cannot create the CODEX_HOME folder ${codexHome}: ${describeFsError(error)}`,
      {
        hint: "Pick a writable folder for --codex-home.",
      },
    );
  }
  const configPath = path.join(codexHome, "config.toml");
  // A config.toml ccw did not write (the user's own, with their MCP servers) is never replaced.
  const existing = await readFile(configPath, "utf8").catch((error: NodeJS.ErrnoException) =>
    error.code === "ENOENT" ? undefined : `(unreadable: ${describeFsError(error)})`,
  );
  if (existing !== undefined && !existing.startsWith(CODEX_HOME_MARK)) {
    throw new UsageError(`${configPath} exists and was not written by ccw; it was left untouched`, {
      hint: "Give --codex-home an empty or new folder: ccw writes its own config.toml there.",
    });
  }
  await writeFileAtomically(configPath, codexHomeConfig(options.baseUrl, options.model));
  return { codexHome, configPath, env: { CODEX_HOME: codexHome, OPENAI_API_KEY: "dummy" } };
}

/** A TOML basic string (JSON's escapes are a subset of TOML's for these characters). */
function tomlString(value: string): string {
  return JSON.stringify(value);
}
