import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ChainOutcome,
  renderVerdict,
  sameContent,
  type TakeReleaseOptions,
  takeRelease,
} from "../../ccw/src/parity/take-release.js";
import { validateManifests } from "../../ccw/src/parity/validate.js";
import { REAL_CODEX_BIN } from "../helpers/codex-e2e.js";
import { copyOfManifests, helpFixtures, LINUX, NEW, tempDir } from "./fixtures.js";

/** Every file of a folder with its bytes, to prove a folder untouched. */
async function contents(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries.filter((e) => e.isFile())) {
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file)] = await readFile(file, "utf8");
  }
  return files;
}

async function options(
  dir: string,
  chain: ChainOutcome,
  extra: Partial<TakeReleaseOptions> = {},
): Promise<TakeReleaseOptions> {
  return {
    version: NEW,
    dir,
    target: LINUX,
    timestamp: "2027-01-01T00:00:00Z",
    env: { PATH: process.env.PATH },
    // The installed dev dependency stands in for the npm install: no network in tests.
    install: async () => REAL_CODEX_BIN,
    runChain: async () => chain,
    log: () => {},
    ...extra,
  };
}

/** The committed manifests as they were before NEW was taken: latest_validated the previous one. */
async function manifestsBefore(previous: string): Promise<string> {
  const dir = await copyOfManifests();
  await rm(path.join(dir, "snapshots", NEW), { recursive: true });
  await rm(path.join(dir, "reports", NEW), { recursive: true });
  await writeFile(path.join(dir, "latest_validated.txt"), `${previous}\n`);
  await cp(path.join(dir, "snapshots", previous, "union.json"), path.join(dir, "current.json"));
  return dir;
}

describe("sameContent", () => {
  it.each([
    ["a.txt", "x\n", "x\n", true],
    ["a.txt", "x\n", "y\n", false],
    ["a.json", '{"generated_at":"1","a":1}', '{"generated_at":"2","a":1}', true],
    ["a.json", '{"inputs":[{"collected_at":"1"}]}', '{"inputs":[{"collected_at":"2"}]}', true],
    ["a.json", '{"generated_at":"1","a":1}', '{"generated_at":"1","a":2}', false],
    ["a.json", "{", "{", true],
    ["a.json", "{", "}", false],
  ])("%s: %j vs %j → %s", (name, a, b, same) => {
    expect(sameContent(a, b, name)).toBe(same);
  });
});

describe("ccw codex-parity update (takeRelease)", () => {
  it("takes a newer release: extends the range and writes the snapshot, union, reports and help pages", async () => {
    const dir = await manifestsBefore("0.169.0");
    const help = await tempDir();
    const result = await takeRelease(
      await options(dir, { ok: true, detail: "fake chain" }, { helpFixturesDir: help }),
    );
    expect(result).toMatchObject({ outcome: "taken", previous: "0.169.0", extendsRange: true });
    expect(result.removedInUse).toEqual([]);
    expect(result.written).toEqual(
      expect.arrayContaining([
        "cli_manifests/codex/current.json",
        "cli_manifests/codex/latest_validated.txt",
        `cli_manifests/codex/snapshots/${NEW}/union.json`,
        `cli_manifests/codex/reports/${NEW}/coverage.any.json`,
        `tests/fixtures/parity/help/${NEW}/codex.exec.txt`,
      ]),
    );
    expect(await readFile(path.join(dir, "latest_validated.txt"), "utf8")).toBe(`${NEW}\n`);
    expect(await validateManifests(dir)).toEqual([]);
    expect(await readFile(path.join(help, NEW, "codex.exec.txt"), "utf8")).toBe(
      await readFile(path.join(helpFixtures(NEW), "codex.exec.txt"), "utf8"),
    );
    expect(renderVerdict(result, "0.169.0")).toContain(
      `Next: npm install --save-dev --save-exact @openai/codex@${NEW} && npm test`,
    );
  });

  it("reports no change on the committed tree, and writes nothing", async () => {
    const dir = await copyOfManifests();
    const before = await contents(dir);
    const result = await takeRelease(
      await options(
        dir,
        { ok: true, detail: "fake chain" },
        { helpFixturesDir: path.dirname(helpFixtures(NEW)) },
      ),
    );
    expect(result).toMatchObject({ outcome: "no-change", written: [], extendsRange: false });
    expect(await contents(dir)).toEqual(before);
    expect(renderVerdict(result, NEW)).toContain("Verdict: no change.");
  });

  it("changes nothing and says what broke when the chain fails on the release", async () => {
    const dir = await manifestsBefore("0.169.0");
    const before = await contents(dir);
    const result = await takeRelease(
      await options(dir, { ok: false, detail: "ccw demo exited 1: step 1 failed" }),
    );
    expect(result.outcome).toBe("broken");
    expect(result.written).toEqual([]);
    expect(await contents(dir)).toEqual(before);
    const verdict = renderVerdict(result, "0.169.0");
    expect(verdict).toContain(
      `Verdict: Codex ${NEW} breaks ccw; nothing in the repository was changed.`,
    );
    expect(verdict).toContain("the chain did not complete: ccw demo exited 1: step 1 failed");
    expect(verdict).not.toContain("Next:");
  });

  it("flags a removed surface that ccw uses as breaking", async () => {
    const dir = await manifestsBefore("0.169.0");
    // Pretend 0.169.0 had a root flag the wrapper uses that NEW no longer lists.
    const union = JSON.parse(
      await readFile(path.join(dir, "snapshots", "0.169.0", "union.json"), "utf8"),
    );
    const root = union.commands.find((command: { path: string[] }) => command.path.length === 0);
    root.flags.push({
      key: "--zz-used",
      long: "--zz-used",
      takes_value: false,
      available_on: [LINUX],
    });
    await writeFile(
      path.join(dir, "snapshots", "0.169.0", "union.json"),
      `${JSON.stringify(union, null, 2)}\n`,
    );
    const coverage = JSON.parse(await readFile(path.join(dir, "wrapper_coverage.json"), "utf8"));
    coverage.coverage[1].flags.push({ key: "--zz-used", level: "explicit" });
    await writeFile(
      path.join(dir, "wrapper_coverage.json"),
      `${JSON.stringify(coverage, null, 2)}\n`,
    );
    const before = await contents(dir);

    const result = await takeRelease(await options(dir, { ok: true, detail: "fake chain" }));
    expect(result.outcome).toBe("broken");
    expect(result.removedInUse).toEqual(["codex --zz-used"]);
    expect(result.problems).toContain(`Codex ${NEW} removed codex --zz-used, which ccw uses`);
    expect(await contents(dir)).toEqual(before);
  });

  it("refuses a version that is not one before installing anything", async () => {
    let installed = false;
    await expect(
      takeRelease({
        ...(await options(await copyOfManifests(), { ok: true, detail: "" })),
        version: "../latest",
        install: async () => {
          installed = true;
          return REAL_CODEX_BIN;
        },
      }),
    ).rejects.toThrow('the version must be a Codex release such as 0.171.0, got "../latest"');
    expect(installed).toBe(false);
  });
});
