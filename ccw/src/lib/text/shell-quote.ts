/**
 * Quoting for commands ccw prints for a user to paste into a POSIX shell (hints such as
 * `ccw cli --resume <thread-id>`): a value that holds anything but plain characters is put in
 * single quotes, so `$(...)`, backticks, `;` and spaces in it stay text.
 */

/** `value` as one shell word: as it is when it is plain, else single-quoted. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
