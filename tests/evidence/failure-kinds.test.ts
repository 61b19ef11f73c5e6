import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";
import { fixtureRepo } from "./fixture-repo.js";

const { root } = fixtureRepo();

const verify = (file: string) =>
  runCli(["evidence", "verify", file, "--root", root], { cwd: root });

/** Every failure kind the issue lists: its fixture, its exact stdout line, its exit code. */
const CASES = [
  {
    kind: "missing docs part",
    file: "reports/missing-docs-part.md",
    line: "reports/missing-docs-part.md:5: ccw/src/demo.ts: evidence has no docs part (docs: <file> / <heading>)",
    code: 1,
  },
  {
    kind: "missing ts part",
    file: "reports/missing-ts-part.md",
    line: "reports/missing-ts-part.md:5: ccw/src/demo.ts: evidence has no ts part (ts: <file> / <text>)",
    code: 1,
  },
  {
    kind: "docs anchor not found",
    file: "reports/docs-anchor-not-found.md",
    line: 'reports/docs-anchor-not-found.md:5: ccw/src/demo.ts: docs anchor "Installation" is in no heading of docs/guide.md',
    code: 1,
  },
  {
    kind: "ts anchor not found",
    file: "reports/ts-anchor-not-found.md",
    line: 'reports/ts-anchor-not-found.md:5: ccw/src/demo.ts: ts anchor "export function startDemo" is not in ccw/src/demo.ts',
    code: 1,
  },
  {
    kind: "Existing path missing",
    file: "reports/existing-path-missing.md",
    line: "reports/existing-path-missing.md:5: ccw/src/missing.ts: the pointer does not exist but the row says Existing; create it or mark the row Planned; Verify failed: Test-Path ccw/src/missing.ts: no such path",
    code: 1,
  },
  {
    kind: "bad status",
    file: "reports/bad-status.md",
    line: 'reports/bad-status.md:5: ccw/src/demo.ts: status "Done" is not Existing or Planned',
    code: 1,
  },
  {
    kind: "TBD pointer",
    file: "reports/tbd-pointer.md",
    line: "reports/tbd-pointer.md:5: TBD: pointer is a placeholder (TBD); name the real file or command",
    code: 1,
  },
  {
    kind: "two pointers in one row",
    file: "reports/two-pointers.md",
    line: "reports/two-pointers.md:5: ccw/src/demo.ts, docs/guide.md: one pointer per row, found 2: ccw/src/demo.ts, docs/guide.md; give each its own row",
    code: 1,
  },
  {
    kind: "path escaping the root",
    file: "reports/path-escapes-root.md",
    line: "reports/path-escapes-root.md:5: ../outside/secret.md: pointer escapes the repository root",
    code: 1,
  },
  {
    kind: "absolute path",
    file: "reports/absolute-path.md",
    line: "reports/absolute-path.md:5: /etc/passwd: pointer is an absolute path; write it relative to the repository root",
    code: 1,
  },
  {
    kind: "symlink out of the root",
    file: "reports/symlink-outside.md",
    line: "reports/symlink-outside.md:5: outside-link/secret.md: pointer leads outside the repository root through a symlink",
    code: 1,
  },
  {
    kind: "unreadable file (missing)",
    file: "reports/does-not-exist.md",
    line: "reports/does-not-exist.md: cannot read the file: ENOENT: no such file or directory",
    code: 65,
  },
  {
    kind: "unreadable file (not UTF-8)",
    file: "reports/not-utf8.md",
    line: "reports/not-utf8.md: cannot read the file: it is not UTF-8 text",
    code: 65,
  },
  {
    kind: "no table",
    file: "reports/no-table.md",
    line: "reports/no-table.md: no evidence table: expected a header row with Pointer, Status, Evidence and Verify columns, then a |---| row",
    code: 65,
  },
  {
    kind: "unsupported Verify form on an Existing row",
    file: "reports/unsupported-verify.md",
    line: 'reports/unsupported-verify.md:5: ccw/src/demo.ts: Verify "npm test" is not checkable: only Test-Path <path> and rg "<regex>" <path> are checkable',
    code: 1,
  },
] as const;

describe("ccw evidence verify: every failure kind", () => {
  it.each(CASES)("$kind → exit $code", async ({ file, line, code }) => {
    const result = await verify(file);
    expect(result.stdout).toBe(`${line}\n`);
    expect(result.code).toBe(code);
    const summary =
      code === 65
        ? "evidence gate failed: 1 file could not be checked (0 rows in 1 file); see docs/evidence-gate.md\n"
        : "evidence gate failed: 1 row failed (1 row in 1 file); see docs/evidence-gate.md\n";
    expect(result.stderr).toBe(summary);
  });

  it("passes the valid fixture: several tables, Notes, any-case headers and status, backticks, parts in either order", async () => {
    const result = await verify("reports/valid.md");
    expect(result).toEqual({
      code: 0,
      stdout: "OK: evidence verified (5 rows in 1 file)\n",
      stderr: "",
    });
  });

  it("reports every file in one run, and exit 65 wins over exit 1", async () => {
    const result = await runCli(
      [
        "evidence",
        "verify",
        "reports/no-table.md",
        "reports/bad-status.md",
        "reports/valid.md",
        "--root",
        root,
      ],
      { cwd: root },
    );
    expect(result.code).toBe(65);
    expect(result.stdout).toBe(
      [
        'reports/bad-status.md:5: ccw/src/demo.ts: status "Done" is not Existing or Planned',
        "reports/no-table.md: no evidence table: expected a header row with Pointer, Status, Evidence and Verify columns, then a |---| row",
        "",
      ].join("\n"),
    );
    expect(result.stderr).toBe(
      "evidence gate failed: 1 row failed, 1 file could not be checked (6 rows in 3 files); see docs/evidence-gate.md\n",
    );
  });
});
