import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkCodexVersion,
  checkVersionInRange,
  parsePointer,
  readSupportedRange,
} from "../../ccw/src/parity/version-range.js";
import { MANIFESTS, NEW, OLD, tempDir } from "./fixtures.js";

const range = { min: "0.125.0", latest: "0.169.0" };

describe("checkVersionInRange", () => {
  it.each([
    ["0.125.0", "ok"],
    ["0.150.3", "ok"],
    ["0.169.0", "ok"],
    ["0.124.9", "below-min"],
    ["0.125.0-alpha.1", "below-min"],
    ["0.169.1", "above-latest"],
    ["0.170.0-alpha.1", "above-latest"],
    ["1.0.0", "above-latest"],
    [undefined, "unknown"],
    ["not-a-version", "unknown"],
  ])("%s → %s", (version, status) => {
    const result = checkVersionInRange(version, range);
    expect(result).toMatchObject({ status, min: "0.125.0", latest: "0.169.0" });
    expect(result.message === undefined).toBe(status === "ok");
  });

  it("says what to do in one line", () => {
    expect(checkVersionInRange("0.120.0", range).message).toBe(
      "Codex 0.120.0 is older than 0.125.0, the oldest version ccw supports (validated 0.125.0 to 0.169.0); upgrade: npm install -g @openai/codex@0.169.0",
    );
    expect(checkVersionInRange("0.170.0", range).message).toBe(
      "Codex 0.170.0 is newer than 0.169.0, the newest version ccw was validated with (0.125.0 to 0.169.0); if a run fails on a flag, run ccw doctor; to validate it, run npm run codex:update -- 0.170.0 in a ccw checkout (docs/parity.md)",
    );
    expect(checkVersionInRange(undefined, range).message).toBe(
      "cannot tell which Codex version this is; ccw is validated with Codex 0.125.0 to 0.169.0",
    );
  });

  it("reports an unreadable range as unknown instead of failing", async () => {
    const result = checkVersionInRange("0.169.0", readSupportedRange(await tempDir()));
    expect(result.status).toBe("unknown");
    expect(result.message).toMatch(
      /^cannot check the Codex version: cannot read .*min_supported\.txt: ENOENT/,
    );
  });
});

describe("the shipped range", () => {
  it("is min_supported.txt..latest_validated.txt of cli_manifests/codex", async () => {
    expect(parsePointer(await readFile(path.join(MANIFESTS, "min_supported.txt"), "utf8"))).toBe(
      OLD,
    );
    expect(parsePointer(await readFile(path.join(MANIFESTS, "latest_validated.txt"), "utf8"))).toBe(
      NEW,
    );
    expect(checkCodexVersion("0.169.0")).toEqual({ status: "ok", min: OLD, latest: NEW });
    expect(checkCodexVersion("0.100.0").status).toBe("below-min");
  });

  it.each([
    ["0.169.0\n", "0.169.0"],
    ["0.169.0", undefined],
    ["0.169.0\n\n", undefined],
    ["v0.169.0\n", undefined],
    ["0.169.0-alpha.1\n", undefined],
    [" 0.169.0\n", undefined],
  ])("pointer %j → %s", (text, expected) => {
    expect(parsePointer(text)).toBe(expected);
  });
});
