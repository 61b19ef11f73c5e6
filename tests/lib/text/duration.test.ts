import { describe, expect, it } from "vitest";
import { parseDuration } from "../../../ccw/src/lib/text/duration.js";

describe("parseDuration: one rule for every duration option", () => {
  it.each([
    ["30", 30_000],
    ["1.5", 1500],
    ["90s", 90_000],
    ["30m", 1_800_000],
    ["2h", 7_200_000],
    ["1.5h", 5_400_000],
    ["7d", 604_800_000],
    [" 45s ", 45_000],
  ])("%j is %i ms", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each([
    ["", "an empty value is not a duration"],
    ["   ", "an empty value is not a duration"],
    ["0", "is not a positive duration"],
    ["0s", "is not a positive duration"],
    ["-5", "is not a duration"],
    ["30x", "is not a duration"],
    ["1y2", "is not a duration"],
    ["abc", "is not a duration"],
  ])("%j is refused: %s", (text, problem) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});
