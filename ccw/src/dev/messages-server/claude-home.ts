/**
 * A scratch HOME in which the real Claude Code CLI runs offline against a messages server
 * (shared/specs/claude-code-facts.md): `~/.claude.json` says onboarding is done, the workspaces
 * are trusted and the dummy API key is approved, so neither print mode nor the TUI asks anything.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { describeFsError, StorageError } from "../../errors.js";
import { writeFileAtomically } from "../../lib/fs/atomic-file.js";

export interface ClaudeHomeOptions {
  /** The folder to use as HOME (created if missing). */
  readonly home: string;
  /** The messages server's base URL, e.g. `http://127.0.0.1:4000`. */
  readonly baseUrl: string;
  /** Workspaces whose trust dialog counts as accepted. */
  readonly trusted: readonly string[];
  /** The dummy API key (default `sk-ant-ccw-stand-in-0000000000000000`). */
  readonly apiKey?: string;
}

/** The HOME written, and the environment variables that run Claude Code against the server. */
export interface ClaudeHome {
  readonly home: string;
  readonly env: Readonly<Record<string, string>>;
}

const DEFAULT_KEY = "sk-ant-ccw-stand-in-0000000000000000";

/** The text of `~/.claude.json` for these workspaces and key. */
export function claudeJson(trusted: readonly string[], apiKey: string): string {
  const projects = Object.fromEntries(
    trusted.map((dir) => [
      path.resolve(dir),
      { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true },
    ]),
  );
  return `${JSON.stringify(
    {
      hasCompletedOnboarding: true,
      theme: "dark",
      customApiKeyResponses: { approved: [apiKey.slice(-20)], rejected: [] },
      projects,
    },
    null,
    2,
  )}\n`;
}

/** Writes the scratch HOME and returns the environment to start Claude Code with. */
export async function writeClaudeHome(options: ClaudeHomeOptions): Promise<ClaudeHome> {
  const home = path.resolve(options.home);
  const apiKey = options.apiKey ?? DEFAULT_KEY;
  try {
    await mkdir(path.join(home, ".claude"), { recursive: true });
  } catch (error) {
    throw new StorageError(`cannot create the HOME folder ${home}: ${describeFsError(error)}`, {
      hint: "Pick a writable folder.",
    });
  }
  await writeFileAtomically(path.join(home, ".claude.json"), claudeJson(options.trusted, apiKey));
  return {
    home,
    env: {
      HOME: home,
      ANTHROPIC_BASE_URL: options.baseUrl,
      ANTHROPIC_API_KEY: apiKey,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      DISABLE_AUTOUPDATER: "1",
    },
  };
}
