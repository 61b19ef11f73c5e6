import type stringWidth from "string-width";
import { requireSideBundle } from "../fs/side-bundle.js";

let loaded: typeof stringWidth | undefined;

/**
 * string-width, loaded the first time text that is not simple is measured. Loading it builds an
 * Intl.Segmenter and Unicode property regexes (~20 ms, and ~5 ms more on first use), which
 * simple text never needs: it is a bundle of its own, ccw/dist/string-width.cjs.
 */
export function stringWidthModule(): typeof stringWidth {
  loaded ??= requireSideBundle<{ default: typeof stringWidth }>(
    "string-width.cjs",
    "string-width",
  ).default;
  return loaded;
}
