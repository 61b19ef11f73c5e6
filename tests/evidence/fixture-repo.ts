import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

const FIXTURE = path.join(import.meta.dirname, "..", "fixtures", "evidence", "repo");

/**
 * A scratch copy of tests/fixtures/evidence/repo as `<tmp>/repo`, next to `<tmp>/outside`
 * (a folder outside the root) and with `repo/outside-link` → `../outside`. Call it at the top
 * of a test file: the copy is removed after the file's tests.
 */
export function fixtureRepo(): { root: string; outside: string } {
  const base = mkdtempSync(path.join(os.tmpdir(), "ccw-evidence-"));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const root = path.join(base, "repo");
  const outside = path.join(base, "outside");
  cpSync(FIXTURE, root, { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(outside, "secret.md"), "# Secret\n");
  symlinkSync("../outside", path.join(root, "outside-link"));
  return { root, outside };
}

/** Writes a one-table report with `rows` under the root and returns its relative path. */
export function writeReport(root: string, name: string, rows: readonly string[]): string {
  const relative = `reports/${name}.md`;
  const text = ["# Report", "", "| Pointer | Status | Evidence | Verify |", "|---|---|---|---|"];
  writeFileSync(path.join(root, relative), `${[...text, ...rows].join("\n")}\n`);
  return relative;
}

/** Evidence that resolves in the fixture repository. */
export const GOOD_EVIDENCE =
  "docs: docs/guide.md / Demo Guide ; ts: ccw/src/demo.ts / export function runDemo";
