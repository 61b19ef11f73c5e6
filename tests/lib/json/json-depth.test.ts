import { describe, expect, it } from "vitest";
import {
  jsonDepth,
  jsonDepthProblem,
  MAX_JSON_DEPTH,
} from "../../../ccw/src/lib/json/json-depth.js";

describe("jsonDepth", () => {
  it.each([
    ["1", 0],
    ["{}", 1],
    ['{"a": [1, {"b": []}]}', 4],
    ['{"a": "[[[[ not nesting ]]]]"}', 1],
    ['{"a": "quote \\" then [[["}', 1],
  ])("%s nests %i deep", (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
  });

  it("refuses only what nests deeper than the limit", () => {
    const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
    expect(jsonDepthProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonDepthProblem(nested(MAX_JSON_DEPTH + 1))).toBe(
      `it nests arrays and objects ${MAX_JSON_DEPTH + 1} levels deep, more than the ${MAX_JSON_DEPTH} ccw reads`,
    );
  });
});
