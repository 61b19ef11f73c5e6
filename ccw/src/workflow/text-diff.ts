import { createTwoFilesPatch } from "diff";
import type { Styler } from "../output.js";

/**
 * A unified diff (`--- old` / `+++ new` / hunks) from `before` to `after`, through jsdiff;
 * `undefined` on a side means the file does not exist (shown as /dev/null). Empty when equal.
 */
export function unifiedDiff(
  names: { readonly before: string; readonly after: string },
  before: string | undefined,
  after: string | undefined,
  style?: Styler,
): string {
  if (before === after) return "";
  const patch = createTwoFilesPatch(
    before === undefined ? "/dev/null" : names.before,
    after === undefined ? "/dev/null" : names.after,
    before ?? "",
    after ?? "",
    "",
    "",
  );
  // jsdiff starts with a line of "=" that unified diffs do not have.
  const lines = patch.replace(/^=+\n/, "").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const colour = (line: string) => {
    if (!style) return line;
    if (line.startsWith("+++") || line.startsWith("---")) return style.bold(line);
    if (line.startsWith("+")) return style.green(line);
    if (line.startsWith("-")) return style.red(line);
    if (line.startsWith("@@")) return style.cyan(line);
    return line;
  };
  return `${lines.map(colour).join("\n")}\n`;
}
