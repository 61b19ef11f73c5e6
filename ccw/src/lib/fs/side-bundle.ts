import { createRequire } from "node:module";

/**
 * A package that the build bundles on its own next to the CLI's bundle (`ccw/dist/<bundle>`,
 * scripts/build.mjs), so that start-up does not pay for it: required from there on first use.
 * From the sources (the tests) there is no such file, and the package comes from node_modules.
 */
export function requireSideBundle<T>(bundle: string, packageName: string): T {
  const require = createRequire(import.meta.url);
  try {
    return require(`./${bundle}`) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
    return require(packageName) as T;
  }
}
