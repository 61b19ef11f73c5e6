import { createRequire } from "node:module";
import type * as Yaml from "yaml";

let loaded: typeof Yaml | undefined;

/**
 * The `yaml` package, loaded the first time it is needed. Prompt frontmatter is almost always
 * plain `key: value` lines that ccw's own reader handles (simple-yaml.ts), and loading the full
 * parser would cost every command that reads prompts its start-up time. It is required from
 * node_modules (a declared dependency) rather than bundled, so the bundle never carries it.
 */
export function yamlModule(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)("yaml") as typeof Yaml;
  return loaded;
}
