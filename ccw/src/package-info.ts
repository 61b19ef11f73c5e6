import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "ccw-codex";

let cachedRoot: string | undefined;

/**
 * The folder of ccw's own package.json: the repository root in development, the installed
 * package folder otherwise. Works from the sources (tests) and from the bundle in ccw/dist.
 */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (existsSync(candidate) && readManifest(candidate)?.name === PACKAGE_NAME) {
      cachedRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package.json`);
    dir = parent;
  }
}

/**
 * The name and version of a package.json. Checked field by field rather than with zod: this
 * runs at the start of every ccw command, and loading zod there costs more than the command.
 */
function readManifest(file: string): { name: string; version: string } | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  if (typeof data !== "object" || data === null) return undefined;
  const name = "name" in data ? data.name : undefined;
  const version = "version" in data ? data.version : undefined;
  return typeof name === "string" && typeof version === "string" ? { name, version } : undefined;
}

/** ccw's version, from its package.json. */
export function packageVersion(): string {
  return readManifest(path.join(packageRoot(), "package.json"))?.version ?? "0.0.0";
}

/** The prompt pack shipped inside the package: the last place prompts are looked up. */
export function builtinPromptDir(): string {
  return path.join(packageRoot(), ".codex", "prompts");
}
