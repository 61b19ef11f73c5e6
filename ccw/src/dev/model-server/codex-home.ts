/**
 * A CODEX_HOME whose config.toml points Codex at a model server: provider `mock` with the
 * Responses wire API and no retries (a scripted failure fails at once, specs/codex-facts.md §4).
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { describeFsError, StorageError } from "../../errors.js";
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

/** The config.toml text for a model server at `baseUrl`. */
export function codexHomeConfig(baseUrl: string, model = "mock-model"): string {
  return [
    "# Written by ccw: points Codex at a local model server (ccw dev model-server).",
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

/** Writes `<codexHome>/config.toml` (replacing it) and returns the environment to run Codex with. */
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
  await writeFileAtomically(configPath, codexHomeConfig(options.baseUrl, options.model));
  return { codexHome, configPath, env: { CODEX_HOME: codexHome, OPENAI_API_KEY: "dummy" } };
}

/** A TOML basic string (JSON's escapes are a subset of TOML's for these characters). */
function tomlString(value: string): string {
  return JSON.stringify(value);
}
