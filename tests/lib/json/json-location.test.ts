import { describe, expect, it } from "vitest";
import {
  jsonPathAt,
  lineColumnAt,
  syntaxErrorOffset,
} from "../../../ccw/src/lib/json/json-location.js";

function offsetOf(text: string): number {
  try {
    JSON.parse(text);
  } catch (error) {
    return syntaxErrorOffset(error, text);
  }
  throw new Error(`${text} is valid JSON`);
}

describe("syntaxErrorOffset", () => {
  it.each([
    // V8 names the position
    ['{"a":1,}', 7],
    ['{"a":1}x', 7],
    // the end of the input
    ['{"a": [1, 2', 11],
    ["", 0],
    // V8 names no position: the first character that cannot continue a document
    ["hello", 0],
    ["this is not JSON", 1],
    ['{"a": tru}', 9],
    ['{\n  "status": planned,\n  "x": 1\n}', 14],
    ['{"a": [1, 2, }', 13],
  ])("%j breaks at %i", (text, offset) => {
    expect(offsetOf(text)).toBe(offset);
  });

  it("points a state.json with a bad token at the field that holds it", () => {
    const text = '{\n  "schema_version": 1,\n  "status": planned\n}\n';
    const offset = offsetOf(text);
    expect(jsonPathAt(text, offset)).toBe("$.status");
    expect(lineColumnAt(text, offset)).toEqual({ line: 3, column: 13 });
  });
});
