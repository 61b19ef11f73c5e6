import { describe, expect, it } from "vitest";
import {
  jsonPathAt,
  jsonSyntaxError,
  lineColumnAt,
} from "../../../ccw/src/lib/json/json-location.js";

function offsetOf(text: string): number {
  const error = jsonSyntaxError(text);
  if (error === undefined) throw new Error(`${text} is valid JSON`);
  return error.offset;
}

describe("jsonSyntaxError: where a document breaks", () => {
  it.each([
    // V8 names the position
    ['{"a":1,}', 7],
    ['{"a":1}x', 7],
    // the end of the input
    ['{"a": [1, 2', 11],
    ["", 0],
    // a bad token: where it starts
    ["hello", 0],
    ["this is not JSON", 0],
    ['{"a": tru}', 6],
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

describe("jsonSyntaxError", () => {
  it.each([
    ['{"a": 1}', {}, undefined],
    ['{"a": 1, // why\n "b": 2,}', { comments: true }, undefined],
    [
      '{"a": 1, // why\n "b": 2}',
      {},
      { line: 1, column: 10, message: "comments are not allowed in JSON" },
    ],
    [
      '{\n  "a": 1,\n}',
      {},
      { line: 3, column: 1, message: "expected a property name in double quotes" },
    ],
    ['{"a": [1, 2', {}, { line: 1, column: 12, message: "the document ends early" }],
    ["\uFEFF{}", {}, { line: 1, column: 1 }],
  ] as const)("%j (%j)", (text, options, expected) => {
    const error = jsonSyntaxError(text, options);
    if (expected === undefined) expect(error).toBeUndefined();
    else expect(error).toMatchObject(expected);
  });
});
