import type * as Yaml from "yaml";
import { requireSideBundle } from "../../lib/fs/side-bundle.js";

let loaded: typeof Yaml | undefined;

/**
 * The `yaml` package, loaded the first time it is needed. Prompt frontmatter is almost always
 * plain `key: value` lines that ccw's own reader handles (simple-yaml.ts), and loading the full
 * parser would cost every command that reads prompts its start-up time. So it is a bundle of
 * its own, ccw/dist/yaml.cjs.
 */
export function yamlModule(): typeof Yaml {
  loaded ??= requireSideBundle<typeof Yaml>("yaml.cjs", "yaml");
  return loaded;
}
