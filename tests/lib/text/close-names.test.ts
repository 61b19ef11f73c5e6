import { describe, expect, it } from "vitest";
import { closeNames, editDistance } from "../../../ccw/src/lib/text/close-names.js";

const NAMES = ["bug-fix", "cleanup", "quick-implementation", "lite-plan-a", "execute", "lite-fix"];

describe("close names", () => {
  it.each([
    ["bug-fx", ["bug-fix"]],
    ["clenaup", ["cleanup"]],
    ["lite-plan", ["lite-plan-a"]],
    ["quick", ["quick-implementation"]],
    ["nope", []],
    ["zzzzzzzzzz", []],
  ])("%s → %j", (name, want) => {
    expect(closeNames(name, NAMES)).toEqual(want);
  });

  it("measures edits", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });
});
