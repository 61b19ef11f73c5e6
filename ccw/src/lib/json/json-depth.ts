/**
 * How deeply a JSON text nests, for files ccw parses and later serialises again: JSON.parse
 * copes with any depth, but JSON.stringify recurses and overflows the stack a few thousand
 * levels down, which would surface as an internal error long after the file was read.
 */

/** No file ccw reads nests anywhere near this deep; deeper is refused as invalid. */
export const MAX_JSON_DEPTH = 256;

/** The deepest nesting of arrays and objects in JSON `text` (brackets in strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (code === 0x7d || code === 0x5d) depth--;
  }
  return deepest;
}

/** Why `text` nests too deeply, or undefined when it does not. */
export function jsonDepthProblem(text: string): string | undefined {
  const depth = jsonDepth(text);
  return depth > MAX_JSON_DEPTH
    ? `it nests arrays and objects ${depth} levels deep, more than the ${MAX_JSON_DEPTH} ccw reads`
    : undefined;
}
