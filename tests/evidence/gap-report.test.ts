import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findEvidenceTables } from "../../ccw/src/evidence/evidence-table.js";
import { runCli } from "../helpers/cli-context.js";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const REPORTS = path.join(ROOT, "docs", "gap-reports");
const REPORT = path.join(REPORTS, "codex-coordinator.md");
const BUILT = existsSync(path.join(ROOT, "ccw", "dist", "cli.cjs"));

/** Runs the built ccw as a real process (npm test builds it first). */
function runBuilt(args: readonly string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, "ccw", "bin", "ccw.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH },
  });
}

describe("the project's own gap reports (docs/gap-reports)", () => {
  const reports = readdirSync(REPORTS).filter((name) => name.endsWith(".md"));

  it("include codex-coordinator.md", () => {
    expect(reports).toContain("codex-coordinator.md");
  });

  it.each(reports)("%s passes the evidence gate", async (name) => {
    const result = await runCli(["evidence", "verify", path.join("docs/gap-reports", name)], {
      cwd: ROOT,
    });
    expect(result.stdout).toMatch(/^OK: evidence verified \(\d+ rows? in 1 file\)\n$/);
    expect(result.code).toBe(0);
  });

  it.skipIf(!BUILT)("passes through the built ccw, as a real process", () => {
    const result = runBuilt(["evidence", "verify", "docs/gap-reports"]);
    expect(result.stdout).toMatch(/^OK: evidence verified \(\d+ rows? in \d+ files?\)\n$/);
    expect(result.status).toBe(0);
  });

  it("the folder as a whole passes, as CI would run it", async () => {
    const result = await runCli(["evidence", "verify", "docs/gap-reports", "--root", ROOT], {
      cwd: ROOT,
    });
    expect(result.code).toBe(0);
  });
});

describe("a copy of the report with one Existing pointer renamed", () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "ccw-gap-report-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("fails with exit 1, naming that row's file and line", async () => {
    const text = readFileSync(REPORT, "utf8");
    const rows = findEvidenceTables(text).flatMap((table) => table.rows);
    const row = rows.find(
      (candidate) => /existing/i.test(candidate.status) && candidate.pointer.includes("ccw/src/"),
    );
    if (row === undefined) throw new Error("the report has no Existing row under ccw/src/");
    const pointer = row.pointer.replace(/`/g, "");
    const renamed = pointer.replace(/\.ts$/, "-renamed.ts");
    const lines = text.split("\n");
    lines[row.line - 1] = (lines[row.line - 1] ?? "").replace(pointer, renamed);
    const copy = path.join(scratch, "codex-coordinator.md");
    writeFileSync(copy, lines.join("\n"));

    const result = await runCli(["evidence", "verify", copy, "--root", ROOT], { cwd: ROOT });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `${copy}:${row.line}: ${renamed}: the pointer does not exist but the row says Existing; create it or mark the row Planned\n`,
    );
    expect(result.stderr).toContain("evidence gate failed: 1 row failed");

    if (BUILT) {
      const built = runBuilt(["evidence", "verify", copy, "--root", ROOT]);
      expect(built.status).toBe(1);
      expect(built.stdout).toBe(result.stdout);
    }
  });
});
