import { describe, expect, it } from "vitest";
import {
  jsonErrorReason,
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

describe("jsonErrorReason: JSON.parse's message on one line, without excerpt or position", () => {
  it.each([
    [
      "Expected double-quoted property name in JSON at position 26 (line 3 column 12)",
      "Expected double-quoted property name",
    ],
    ['Unexpected token \'x\', "{\n  "a": x\n}" is not valid JSON', "Unexpected token 'x'"],
    ["Unexpected end of JSON input", "Unexpected end of JSON input"],
    [
      "Unexpected non-whitespace character after JSON at position 2",
      "Unexpected non-whitespace character after JSON at position 2",
    ],
  ])("%j → %j", (message, reason) => {
    expect(jsonErrorReason(new SyntaxError(message))).toBe(reason);
  });
});
