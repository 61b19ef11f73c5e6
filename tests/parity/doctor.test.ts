import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";
import { REPO, tempDir } from "./fixtures.js";

const fake = (name: string) =>
  path.join(REPO, "tests", "fixtures", "parity", "fake-codex", name, "codex");
const env = () => ({ PATH: process.env.PATH });

describe("ccw doctor", () => {
  it("reports the project's Codex, its version within the validated range, and the probe", async () => {
    const result = await runCli(["doctor"], { cwd: REPO, env: env() });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `Codex binary     ${path.join(REPO, "node_modules", ".bin", "codex")} (from node_modules/.bin of the workspace, a parent folder, or ccw's own package)`,
        "Version          0.171.0 (codex-cli 0.171.0)",
        "Validated range  0.125.0 to 0.171.0: within",
        "Probe            codex exec lists 31 flags; exec resume: yes, 24 flags",
        "ccw's flags      16 of 16 flags ccw can emit are accepted",
        "",
        "what a run needs:",
        "  ! login: no login (/nonexistent-home/.codex/auth.json), no OPENAI_API_KEY and no model provider: every step would wait for the network until the stall limit stops it. Run `codex login`, or set OPENAI_API_KEY",
        `  ✓ prompt-pack: every prompt of the units found (${path.join(REPO, ".codex", "prompts")}, /nonexistent-home/.codex/prompts)`,
        `  ✓ workspace: ${REPO} is writable`,
        "",
      ].join("\n"),
    );
  });

  it("warns about a version newer than latest_validated (exit 0)", async () => {
    const result = await runCli(["doctor", "--codex-bin", fake("newer")], {
      cwd: REPO,
      env: env(),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Codex binary     ${fake("newer")} (from --codex-bin)`);
    expect(result.stdout).toContain("Validated range  0.125.0 to 0.171.0: newer than validated");
    expect(result.stderr).toBe(
      "ccw: warning: Codex 0.200.0 is newer than 0.171.0, the newest version ccw was validated with (0.125.0 to 0.171.0); if a run fails on a flag, run ccw doctor; to validate it, run npm run codex:update -- 0.200.0 in a ccw checkout (docs/parity.md)\n",
    );
  });

  it("reports an old Codex that lacks flags ccw needs (exit 1)", async () => {
    const result = await runCli(["doctor", "--codex-bin", fake("older")], {
      cwd: REPO,
      env: env(),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Validated range  0.125.0 to 0.171.0: older than supported");
    expect(result.stdout).toContain("ccw's flags      12 of 16 flags ccw can emit are accepted");
    expect(result.stderr.split("\n")).toEqual([
      "ccw: warning: Codex 0.100.0 is older than 0.125.0, the oldest version ccw supports (validated 0.125.0 to 0.171.0); upgrade: npm install -g @openai/codex@0.171.0",
      "ccw: warning: codex exec does not accept --add-dir: ccw requests that need it will be refused",
      "ccw: warning: codex exec does not accept --ephemeral: ccw requests that need it will be refused",
      "ccw: warning: codex exec resume does not accept --last: ccw requests that need it will be refused",
      "ccw: problem: codex exec does not accept --color, which ccw sends on every run: every run will fail",
      "ccw: problem: codex exec has no resume subcommand: ccw cannot continue a thread (retries, --resume, --last)",
      "",
    ]);
  });

  it("prints the findings as JSON", async () => {
    const result = await runCli(["doctor", "--json", "--codex-bin", fake("older")], {
      cwd: REPO,
      env: env(),
    });
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      ok: false,
      binary: { path: fake("older"), source: "flag" },
      version: { raw: "codex-cli 0.100.0", semver: "0.100.0" },
      range: { status: "below-min", min: "0.125.0", latest: "0.171.0" },
      probe: { resume: false },
    });
    expect(json.wrapper_flags).toContainEqual({
      long: "--add-dir",
      position: "exec",
      channel: "typed",
      capability_guarded: true,
      accepted: false,
    });
    expect(result.stderr).toBe("");
  });

  it("names the ways to provide Codex when it is missing (exit 127)", async () => {
    const missing = path.join(await tempDir(), "codex");
    const result = await runCli(["doctor", "--codex-bin", missing], { cwd: REPO, env: env() });
    expect(result.code).toBe(127);
    expect(result.stderr).toContain(
      `ccw: error: --codex-bin names ${missing}, which is not an executable file`,
    );
    expect(result.stderr).toContain("npm install -g @openai/codex");
    expect(result.stderr).toContain("CCW_CODEX_BIN=<path>");
  });
});
