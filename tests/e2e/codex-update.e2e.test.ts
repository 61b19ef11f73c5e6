/**
 * `ccw codex-parity update` on the committed tree with the real Codex and the real demo chain:
 * the installed dev dependency stands in for the npm install (no network in tests).
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { demoChainRunner } from "../../ccw/src/parity/release-io.js";
import { renderVerdict, takeRelease } from "../../ccw/src/parity/take-release.js";
import { REAL_CODEX_BIN, REPO_ROOT } from "../helpers/codex-e2e.js";

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("ccw codex-parity update with the real Codex", () => {
  it("reports no change for the validated release after running a real chain on it", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "ccw-update-e2e-"));
    temps.push(root);
    const dir = path.join(root, "codex");
    await cp(path.join(REPO_ROOT, "cli_manifests", "codex"), dir, { recursive: true });
    const env = { PATH: process.env.PATH, HOME: root };
    const result = await takeRelease({
      version: "0.171.0",
      dir,
      helpFixturesDir: path.join(REPO_ROOT, "tests", "fixtures", "parity", "help"),
      target: "x86_64-unknown-linux-musl",
      timestamp: "2027-01-01T00:00:00Z",
      env,
      install: async () => REAL_CODEX_BIN,
      runChain: demoChainRunner(env),
      log: () => {},
    });
    expect(result.chain).toEqual({ ok: true, detail: "ccw demo: every step completed" });
    expect(result.outcome).toBe("no-change");
    expect(renderVerdict(result, "0.171.0")).toContain(
      "Verdict: no change. Codex 0.171.0 is already taken; the committed files are current.",
    );
  });
});
