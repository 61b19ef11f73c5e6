import { createRequire } from "node:module";
import type stringWidth from "string-width";

let loaded: typeof stringWidth | undefined;

/**
 * string-width, loaded the first time text that is not plain ASCII is measured. Loading it
 * builds an Intl.Segmenter and Unicode property regexes (~20 ms at every start of ccw, and
 * ~5 ms more on first use), which plain ASCII text never needs. So the build bundles it on its
 * own, as ccw/dist/string-width.cjs next to the CLI's bundle, and it is required from there;
 * from the sources (tests), there is no such file and it comes from node_modules.
 */
export function stringWidthModule(): typeof stringWidth {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  let module: { default: typeof stringWidth };
  try {
    module = require("./string-width.cjs");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
    module = require("string-width");
  }
  loaded = module.default;
  return loaded;
}
