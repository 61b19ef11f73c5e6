import path from "node:path";

type Env = Readonly<Record<string, string | undefined>>;

/** Codex's home: `$CODEX_HOME`, else `~/.codex`. */
export function codexHome(env: Env, homedir: string): string {
  return env.CODEX_HOME || path.join(homedir, ".codex");
}

/** Claude Code's user folder: `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
export function claudeUserDir(env: Env, homedir: string): string {
  return env.CLAUDE_CONFIG_DIR || path.join(homedir, ".claude");
}
