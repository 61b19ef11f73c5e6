import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const PACKAGE_NAME = "ccw-codex";

const PackageJson = z.object({ name: z.string(), version: z.string() });

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

function readManifest(file: string): z.infer<typeof PackageJson> | undefined {
  try {
    const parsed = PackageJson.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** ccw's version, from its package.json. */
export function packageVersion(): string {
  return readManifest(path.join(packageRoot(), "package.json"))?.version ?? "0.0.0";
}
