import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CCW_BIN, REPO_ROOT } from "../helpers/codex-e2e.js";
import { isAlive, waitFor } from "../helpers/coordinator-e2e.js";

const FAKE_CODEX = path.join(REPO_ROOT, "tests", "fixtures", "fake-codex", "fake-codex.mjs");

describe("a second Ctrl-C", () => {
  it("exits at once and takes a Codex that ignores SIGTERM with it", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ccw-double-int-"));
    const record = path.join(dir, "record.json");
    const child = spawn(
      process.execPath,
      [CCW_BIN, "cli", "--tool", "codex", "-p", "hi", "--codex-bin", FAKE_CODEX],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: dir,
          XDG_CACHE_HOME: dir,
          FAKE_CODEX_SCENARIO: "hang",
          FAKE_CODEX_RECORD: record,
        },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    const ended = new Promise<number | null>((resolve) =>
      child.on("close", (code) => resolve(code)),
    );
    const codexPid = await waitFor(
      () => (existsSync(record) ? JSON.parse(readFileSync(record, "utf8")).pid : undefined),
      15_000,
      "Codex to start",
    );
    child.kill("SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isAlive(codexPid)).toBe(true); // it ignored the SIGTERM of the first Ctrl-C
    child.kill("SIGINT");
    expect(await ended).toBe(130);
    await waitFor(() => (isAlive(codexPid) ? undefined : true), 5000, "Codex to be gone");
  }, 30_000);
});
