import path from "node:path";

/**
 * `file` as a user would type it: relative to `cwd` when inside it, `~/…` under `homedir` when
 * one is given, else as it is.
 */
export function displayPath(file: string, where: { cwd: string; homedir?: string }): string {
  const relative = path.relative(where.cwd, file);
  if (isBelow(relative)) return relative;
  if (where.homedir !== undefined) {
    const fromHome = path.relative(where.homedir, file);
    if (isBelow(fromHome)) return `~/${fromHome}`;
  }
  return file;
}

/** Whether a path that path.relative returned leads down from its base (and is not the base). */
function isBelow(relative: string): boolean {
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
