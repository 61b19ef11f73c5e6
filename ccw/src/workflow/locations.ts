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

/** `file` as the user would type it: relative to `cwd` when inside it, `~/…` under home. */
export function displayPath(file: string, where: { cwd: string; homedir: string }): string {
  const relative = path.relative(where.cwd, file);
  if (relative && !relative.startsWith("..") && !path.isAbsolute(relative)) return relative;
  const fromHome = path.relative(where.homedir, file);
  if (fromHome && !fromHome.startsWith("..") && !path.isAbsolute(fromHome)) {
    return `~/${fromHome}`;
  }
  return file;
}
