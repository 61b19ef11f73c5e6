import { describe, expect, it } from "vitest";
import {
  MAX_TIMEOUT_MS,
  parseDuration,
  timeoutProblem,
} from "../../../ccw/src/tools/codex/run-limits.js";

describe("parseDuration", () => {
  it.each([
    ["90s", "seconds", 90_000],
    ["30m", "seconds", 1_800_000],
    ["1.5h", "refused", 5_400_000],
    ["90", "seconds", 90_000],
    ["90", "refused", undefined],
    ["0s", "seconds", undefined],
    ["-5m", "seconds", undefined],
    ["-5m", "refused", undefined],
    ["soon", "seconds", undefined],
    ["soon", "refused", undefined],
    ["", "seconds", undefined],
  ] as const)("%j with bare numbers %s is %s ms", (text, bare, expected) => {
    expect(parseDuration(text, bare)).toBe(expected);
  });
});

describe("timeoutProblem", () => {
  it("takes the longest timeout a Node timer can wait, and nothing longer", () => {
    expect(timeoutProblem(MAX_TIMEOUT_MS)).toBeUndefined();
    expect(timeoutProblem(MAX_TIMEOUT_MS + 1)).toContain("longer than the longest timeout");
    expect(timeoutProblem(0)).toBe("it must be a positive duration");
  });
});
