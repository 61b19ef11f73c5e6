/**
 * The only way a path from a request reaches the file system: a path relative to a session
 * folder, checked as text first, then resolved (symlinks included) and checked again to be
 * inside the session folder's own real path.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { ViewError } from "./view-error.js";

const MAX_PATH = 1024;

/** The problem with a requested relative path as text, or undefined when it may be tried. */
export function relativePathProblem(relative: string): string | undefined {
  if (relative === "") return "the path is empty";
  if (relative.length > MAX_PATH) return `the path is longer than ${MAX_PATH} characters`;
  if (relative.includes("\0")) return "the path holds a NUL character";
  if (relative.includes("\\")) return "the path holds a backslash (use /)";
  if (relative.startsWith("/") || /^[A-Za-z]:/.test(relative)) return "the path is absolute";
  const segments = relative.split("/");
  if (segments.some((segment) => segment === ".." || segment === "." || segment === "")) {
    return "the path has an empty, '.' or '..' segment";
  }
  return undefined;
}

/**
 * The real path of `relative` inside `sessionDir`, when it is a regular file there. Throws a
 * ViewError: 400 for a malformed path, 403 for one that leaves the folder (through `..` or a
 * symlink), 404 for a file that is not there.
 */
export async function resolveSessionFile(sessionDir: string, relative: string): Promise<string> {
  const problem = relativePathProblem(relative);
  if (problem !== undefined) throw new ViewError(400, "bad_path", `${problem}: ${short(relative)}`);
  let root: string;
  try {
    root = await fs.realpath(sessionDir);
  } catch {
    throw new ViewError(404, "not_found", "the session folder does not exist");
  }
  let real: string;
  try {
    real = await fs.realpath(path.join(root, ...relative.split("/")));
  } catch {
    throw new ViewError(404, "not_found", `no file ${short(relative)} in the session folder`);
  }
  if (!isInside(root, real)) {
    throw new ViewError(403, "outside", `${short(relative)} leads outside the session folder`);
  }
  const stats = await fs.stat(real).catch(() => undefined);
  if (!stats?.isFile()) {
    throw new ViewError(404, "not_found", `${short(relative)} is not a regular file`);
  }
  return real;
}

/** Whether `target` is `root` itself or below it (both real, absolute paths). */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

function short(text: string): string {
  const printable = JSON.stringify(text);
  return printable.length > 80 ? `${printable.slice(0, 77)}..."` : printable;
}
