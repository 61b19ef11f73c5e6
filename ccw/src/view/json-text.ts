import { jsonSyntaxError } from "../lib/json/json-location.js";

/** Parses JSON text; a syntax error names its line and column. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const { line, column } = jsonSyntaxError(text) ?? { line: 1, column: 1 };
    throw new Error(`not valid JSON at line ${line}, column ${column}`);
  }
}
