/** Plain checks of parsed JSON for the hook, which reads its few formats without zod. */

/** A JSON object (not an array, not null), as zod's object schemas take it. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether each of `keys` is absent from `value` or a string. */
export function hasOptionalText(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return keys.every((key) => value[key] === undefined || typeof value[key] === "string");
}
