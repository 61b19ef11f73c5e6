import { createRequire } from "node:module";
import type * as Yaml from "yaml";

let loaded: typeof Yaml | undefined;

/**
 * The `yaml` package, loaded the first time it is needed. Prompt frontmatter is almost always
 * plain `key: value` lines that ccw's own reader handles (simple-yaml.ts), and loading the full
 * parser would cost every command that reads prompts its start-up time. So the build bundles it
 * on its own, as ccw/dist/yaml.cjs next to the CLI's bundle, and it is required from there;
 * from the sources (tests), there is no such file and it comes from node_modules.
 */
export function yamlModule(): typeof Yaml {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  try {
    loaded = require("./yaml.cjs") as typeof Yaml;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
    loaded = require("yaml") as typeof Yaml;
  }
  return loaded;
}
