/**
 * The text form of every committed parity artifact: pretty JSON (two spaces) and exactly one
 * trailing newline, with every list sorted by code unit, never by locale.
 */

/** Serialises `value` the way committed artifacts are stored. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Orders strings by UTF-16 code unit (what `<` does), independent of locale. */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Orders command paths token by token; a shorter prefix comes first (`[] < [a] < [a,b] < [b]`). */
export function comparePaths(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const order = compareStrings(a[index] ?? "", b[index] ?? "");
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** A map key for a command path (tokens never contain a space). */
export function pathKey(path: readonly string[]): string {
  return path.join(" ");
}

/** A command path as people write it: `codex exec resume`, or `codex` for the root. */
export function describePath(path: readonly string[]): string {
  return ["codex", ...path].join(" ");
}

/** Whether `list` is already in the order `compare` gives. */
export function isSortedBy<T>(list: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let index = 1; index < list.length; index++) {
    const previous = list[index - 1];
    const current = list[index];
    if (previous !== undefined && current !== undefined && compare(previous, current) > 0) {
      return false;
    }
  }
  return true;
}
