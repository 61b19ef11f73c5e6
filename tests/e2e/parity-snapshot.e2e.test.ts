import { readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";
import { EPOCH, helpFixtures, LINUX, MANIFESTS, NEW, REPO, tempDir } from "../parity/fixtures.js";

const codex = path.join(REPO, "node_modules", ".bin", "codex");
const linuxX64 = os.platform() === "linux" && os.arch() === "x64";

describe.skipIf(!linuxX64)("ccw codex-parity snapshot with the real Codex binary", () => {
  it(`reproduces the committed ${NEW} snapshot and the captured help pages`, async () => {
    const dir = await tempDir();
    const out = path.join(dir, "snapshots", NEW, `${LINUX}.json`);
    const help = path.join(dir, "help");
    const result = await runCli(
      ["codex-parity", "snapshot", "--codex-bin", codex, "--out-file", out, "--save-help", help],
      { env: { SOURCE_DATE_EPOCH: EPOCH, PATH: process.env.PATH }, cwd: REPO },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /: Codex 0\.171\.0 \(x86_64-unknown-linux-musl\), 74 commands, \d+ flags\n$/,
    );
    expect(await readFile(out, "utf8")).toBe(
      await readFile(path.join(MANIFESTS, "snapshots", NEW, `${LINUX}.json`), "utf8"),
    );
    const pages = (await readdir(help)).sort();
    expect(pages).toEqual((await readdir(helpFixtures(NEW))).sort());
    for (const page of pages) {
      expect(await readFile(path.join(help, page), "utf8"), page).toBe(
        await readFile(path.join(helpFixtures(NEW), page), "utf8"),
      );
    }
  }, 60_000);

  it("refuses to file a snapshot under the wrong version", async () => {
    const out = path.join(await tempDir(), "snapshots", "0.1.0", `${LINUX}.json`);
    const result = await runCli(
      ["codex-parity", "snapshot", "--codex-bin", codex, "--out-file", out],
      {
        env: { SOURCE_DATE_EPOCH: EPOCH, PATH: process.env.PATH },
        cwd: REPO,
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`does not match the binary: it is Codex ${NEW} for ${LINUX}`);
  }, 60_000);
});
