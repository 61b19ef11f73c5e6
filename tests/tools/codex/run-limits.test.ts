import { describe, expect, it } from "vitest";
import { MAX_TIMEOUT_MS, timeoutProblem } from "../../../ccw/src/tools/codex/run-limits.js";

// Durations themselves have one parser for every option: tests/lib/text/duration.test.ts.

describe("timeoutProblem", () => {
  it("takes the longest timeout a Node timer can wait, and nothing longer", () => {
    expect(timeoutProblem(MAX_TIMEOUT_MS)).toBeUndefined();
    expect(timeoutProblem(MAX_TIMEOUT_MS + 1)).toContain("longer than the longest timeout");
    expect(timeoutProblem(0)).toBe("it must be a positive duration");
  });
});
