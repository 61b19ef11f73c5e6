import { describe, expect, it } from "vitest";
import { timestampFromEpoch, timestampFromEpochOrClock } from "../../ccw/src/parity/epoch.js";
import { comparePaths, compareStrings, toJsonText } from "../../ccw/src/parity/json-text.js";
import { compareSemver, findSemver, parseSemver } from "../../ccw/src/parity/semver.js";
import { mergeLevels } from "../../ccw/src/parity/wrapper-levels.js";

describe("sorting", () => {
  it("orders strings by code unit, not by locale", () => {
    const words = ["b", "B", "a", "_", "A", "é", "--z", "-a"];
    expect([...words].sort(compareStrings)).toEqual(["--z", "-a", "A", "B", "_", "a", "b", "é"]);
  });

  it("orders paths token by token, a shorter prefix first", () => {
    const paths = [["b"], ["a", "b"], [], ["a"], ["a-b"], ["a", "a"]];
    expect([...paths].sort(comparePaths)).toEqual([
      [],
      ["a"],
      ["a", "a"],
      ["a", "b"],
      ["a-b"],
      ["b"],
    ]);
  });

  it("writes pretty JSON with exactly one trailing newline", () => {
    expect(toJsonText({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n');
  });
});

describe("SOURCE_DATE_EPOCH", () => {
  it.each([
    ["0", "1970-01-01T00:00:00Z"],
    ["1795219200", "2026-11-21T00:00:00Z"],
    [" 1795219200 ", "2026-11-21T00:00:00Z"],
  ])("%j → %s", (raw, iso) => {
    expect(timestampFromEpoch(raw)).toBe(iso);
  });

  it.each([undefined, "", "abc", "1e9", "-5", "1.5", "99999999999999999"])("refuses %j", (raw) => {
    expect(() => timestampFromEpoch(raw)).toThrow(/SOURCE_DATE_EPOCH/);
  });

  it("falls back to the clock only where allowed", () => {
    expect(
      timestampFromEpochOrClock(undefined, () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678))),
    ).toBe("2026-01-02T03:04:05Z");
    expect(timestampFromEpochOrClock("0", () => new Date())).toBe("1970-01-01T00:00:00Z");
  });
});

describe("semver", () => {
  const order = (a: string, b: string) => {
    const pa = parseSemver(a);
    const pb = parseSemver(b);
    if (!pa || !pb) throw new Error("not semver");
    return Math.sign(compareSemver(pa, pb));
  };

  it.each([
    ["0.125.0", "0.169.0", -1],
    ["0.169.0", "0.169.0", 0],
    ["0.169.0-alpha.1", "0.169.0", -1],
    ["0.169.0-alpha.2", "0.169.0-alpha.10", -1],
    ["0.169.0-alpha", "0.169.0-alpha.1", -1],
    ["0.169.0-1", "0.169.0-alpha", -1],
    ["0.169.0+build.5", "0.169.0", 0],
    ["1.0.0", "0.999.999", 1],
  ])("%s vs %s → %i", (a, b, expected) => {
    expect(order(a, b)).toBe(expected);
  });

  it("finds the version in `codex --version` output", () => {
    expect(findSemver("codex-cli 0.169.0")).toBe("0.169.0");
    expect(findSemver("codex v1.2.3-beta.1")).toBe("1.2.3-beta.1");
    expect(findSemver("codex (dev build)")).toBeUndefined();
    expect(parseSemver("01.2.3")).toBeUndefined();
  });
});

describe("mergeLevels", () => {
  it("keeps the strongest level and its note", () => {
    expect(
      mergeLevels([
        { level: "unknown" },
        { level: "explicit", note: "capability-guarded" },
        { level: "passthrough" },
      ]),
    ).toEqual({
      level: "explicit",
      note: "capability-guarded",
    });
  });

  it("falls back to the smallest non-empty note", () => {
    expect(
      mergeLevels([
        { level: "explicit" },
        { level: "unknown", note: "zeta" },
        { level: "unsupported", note: "alpha" },
      ]),
    ).toEqual({
      level: "explicit",
      note: "alpha",
    });
    expect(mergeLevels([{ level: "passthrough" }, { level: "passthrough", note: "" }])).toEqual({
      level: "passthrough",
    });
  });
});
