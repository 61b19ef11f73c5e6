import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type EvidenceFs, nodeEvidenceFs } from "../../ccw/src/evidence/evidence-fs.js";
import { EvidenceReport } from "../../ccw/src/evidence/report.js";
import { verifyEvidence } from "../../ccw/src/evidence/verify-evidence.js";
import { runCli } from "../helpers/cli-context.js";
import { fixtureRepo, GOOD_EVIDENCE, writeReport } from "./fixture-repo.js";

const { root, outside } = fixtureRepo();
mkdirSync(path.join(root, "links"));
symlinkSync("../../outside/nothing.md", path.join(root, "links", "dangling-out.md"));
symlinkSync(path.join(outside, "secret.md"), path.join(root, "docs", "leak.md"));

const verify = (...args: string[]) =>
  runCli(["evidence", "verify", ...args, "--root", root], { cwd: root });

/** The reasons of the one failing row of a one-row report. */
async function reasonsFor(row: string): Promise<{ code: number; stdout: string }> {
  const file = writeReport(root, "row", [row]);
  const { code, stdout } = await verify(file);
  return { code, stdout: stdout.replace(/^reports\/row\.md:5: /, "") };
}

describe("row rules beyond the listed failure kinds", () => {
  it.each([
    [
      "template mark",
      `| ccw/src/{{name}}.ts | Planned | ${GOOD_EVIDENCE} | |`,
      "ccw/src/{{name}}.ts: pointer holds a template mark ({{ }}); fill it in",
    ],
    ["empty pointer", `| | Planned | ${GOOD_EVIDENCE} | |`, "(empty): pointer is empty"],
    [
      "empty status",
      `| docs/guide.md | | ${GOOD_EVIDENCE} | |`,
      "docs/guide.md: status is empty; expected Existing or Planned",
    ],
    [
      "docs file outside docs/ and .claude/commands/",
      "| docs/guide.md | Planned | docs: ccw/src/demo.ts / Demo ; ts: ccw/src/demo.ts / runDemo | |",
      "docs/guide.md: docs file ccw/src/demo.ts must be a Markdown file under .claude/commands/ or docs/",
    ],
    [
      "docs file that climbs out of docs/ but stays inside",
      "| docs/guide.md | Planned | docs: docs/../reports/valid.md / Demo ; ts: ccw/src/demo.ts / runDemo | |",
      "docs/guide.md: docs file docs/../reports/valid.md must be a Markdown file under .claude/commands/ or docs/",
    ],
    [
      "ts file that is not TypeScript",
      "| docs/guide.md | Planned | docs: docs/guide.md / Demo Guide ; ts: ccw/src/tools/helper.js / helper | |",
      "docs/guide.md: ts file ccw/src/tools/helper.js must be a .ts file under ccw/src/",
    ],
    [
      "missing docs and ts files",
      "| docs/guide.md | Planned | docs: docs/nothing.md / X ; ts: ccw/src/nothing.ts / y | |",
      "docs/guide.md: docs file docs/nothing.md does not exist; ts file ccw/src/nothing.ts does not exist",
    ],
    [
      "evidence escaping the root",
      "| docs/guide.md | Planned | docs: docs/../../outside/secret.md / Secret ; ts: /etc/hosts.ts / x | |",
      "docs/guide.md: docs file docs/../../outside/secret.md escapes the repository root; ts file /etc/hosts.ts is an absolute path; write it relative to the repository root",
    ],
    [
      "docs evidence through a symlink out of the root",
      "| docs/guide.md | Planned | docs: docs/leak.md / Secret ; ts: ccw/src/demo.ts / runDemo | |",
      "docs/guide.md: docs file docs/leak.md leads outside the repository root through a symlink",
    ],
    [
      "a dangling symlink out of the root",
      `| links/dangling-out.md | Planned | ${GOOD_EVIDENCE} | |`,
      "links/dangling-out.md: pointer leads outside the repository root through a symlink",
    ],
    [
      "Verify path out of the root, even on a Planned row",
      `| docs/guide.md | Planned | ${GOOD_EVIDENCE} | Test-Path outside-link/secret.md |`,
      "docs/guide.md: Verify path outside-link/secret.md leads outside the repository root through a symlink",
    ],
    [
      "empty Verify on an Existing row",
      `| docs/guide.md | Existing | ${GOOD_EVIDENCE} | |`,
      "docs/guide.md: the row says Existing but its Verify cell is empty",
    ],
    [
      "an rg that finds nothing",
      `| docs/guide.md | Existing | ${GOOD_EVIDENCE} | rg "^## Install" docs/guide.md |`,
      'docs/guide.md: Verify failed: rg "^## Install" docs/guide.md: no line matches',
    ],
    [
      "an rg on a missing file",
      `| docs/guide.md | Existing | ${GOOD_EVIDENCE} | rg "x" docs/nothing.md |`,
      'docs/guide.md: Verify failed: rg "x" docs/nothing.md: docs/nothing.md does not exist',
    ],
    [
      "an invalid regex",
      `| docs/guide.md | Planned | ${GOOD_EVIDENCE} | rg "(open" docs/guide.md |`,
      'docs/guide.md: Verify regex "(open" is invalid: Unterminated group',
    ],
    [
      "a shell pipeline in Verify",
      `| docs/guide.md | Existing | ${GOOD_EVIDENCE} | Test-Path docs/guide.md && echo ok |`,
      'docs/guide.md: Verify "Test-Path docs/guide.md && echo ok" is not checkable: it uses shell syntax (&) and the gate runs no shell; only Test-Path <path> and rg "<regex>" <path> are checkable',
    ],
  ])("%s", async (_name, row, line) => {
    expect(await reasonsFor(row)).toEqual({ code: 1, stdout: `${line}\n` });
  });

  it("needs no shell for Verify: a command substitution is never run", async () => {
    const row = `| docs/guide.md | Existing | ${GOOD_EVIDENCE} | rg "$(touch pwned)" docs/guide.md |`;
    expect((await reasonsFor(row)).code).toBe(1);
    const { existsSync } = await import("node:fs");
    expect(existsSync(path.join(root, "pwned"))).toBe(false);
  });

  it("notes, without failing, a Planned row's unsupported Verify and a Planned row that already exists", async () => {
    const file = writeReport(root, "notes", [
      `| ccw/src/later.ts | Planned | ${GOOD_EVIDENCE} | npm test |`,
      `| ccw/src/demo.ts | Planned | ${GOOD_EVIDENCE} | Test-Path ccw/src/demo.ts |`,
      `| ccw/src/later.ts | Planned | ${GOOD_EVIDENCE} | Test-Path ccw/src/later.ts |`,
    ]);
    expect(await verify(file)).toEqual({
      code: 0,
      stdout: "OK: evidence verified (3 rows in 1 file)\n",
      stderr: [
        'reports/notes.md:5: ccw/src/later.ts: note: Verify "npm test" is not checkable: only Test-Path <path> and rg "<regex>" <path> are checkable',
        "reports/notes.md:6: ccw/src/demo.ts: note: the row says Planned but its pointer exists and its Verify passes; mark it Existing",
        "",
      ].join("\n"),
    });
  });

  it("searches a folder like rg: every file below it, hidden files and symlinks skipped", async () => {
    mkdirSync(path.join(root, "pack", ".hidden"), { recursive: true });
    writeFileSync(path.join(root, "pack", ".hidden", "x.md"), "needle-hidden\n");
    writeFileSync(path.join(root, "pack", "a.md"), "hay\n");
    symlinkSync("../docs/guide.md", path.join(root, "pack", "link.md"));
    mkdirSync(path.join(root, "pack", "deep"));
    writeFileSync(path.join(root, "pack", "deep", "b.md"), "needle\n");
    const file = writeReport(root, "folder", [
      `| docs/guide.md | Existing | ${GOOD_EVIDENCE} | rg "^needle$" pack |`,
      `| docs/guide.md | Existing | ${GOOD_EVIDENCE} | rg "needle-hidden" pack |`,
      `| docs/guide.md | Existing | ${GOOD_EVIDENCE} | rg "Demo Guide" pack |`,
    ]);
    const result = await verify(file);
    expect(result.stdout).toBe(
      [
        'reports/folder.md:6: docs/guide.md: Verify failed: rg "needle-hidden" pack: no line matches',
        'reports/folder.md:7: docs/guide.md: Verify failed: rg "Demo Guide" pack: no line matches',
        "",
      ].join("\n"),
    );
  });
});

describe("files and folders on the command line", () => {
  it("checks every .md file of a folder, and names an empty folder", async () => {
    mkdirSync(path.join(root, "gap"));
    mkdirSync(path.join(root, "empty"));
    writeReport(root, "../gap/one", [
      `| docs/guide.md | Existing | ${GOOD_EVIDENCE} | Test-Path docs |`,
    ]);
    writeFileSync(path.join(root, "gap", "notes.txt"), "not markdown\n");
    expect(await verify("gap")).toMatchObject({
      code: 0,
      stdout: "OK: evidence verified (1 row in 1 file)\n",
    });
    expect(await verify("empty")).toMatchObject({
      code: 65,
      stdout: "empty/: this folder holds no Markdown (.md) files\n",
    });
  });

  it("counts a file named twice (or through a symlink) once", async () => {
    symlinkSync("valid.md", path.join(root, "reports", "alias.md"));
    const result = await verify("reports/valid.md", "./reports/valid.md", "reports/alias.md");
    expect(result.stdout).toBe("OK: evidence verified (5 rows in 1 file)\n");
  });

  it("names a report outside the root by its absolute path", async () => {
    const report = path.join(outside, "report.md");
    writeFileSync(
      report,
      "| Pointer | Status | Evidence | Verify |\n|---|---|---|---|\n| TBD | Planned | x | |\n",
    );
    const result = await verify(report);
    expect(result.code).toBe(1);
    expect(result.stdout.startsWith(`${report}:3: TBD: pointer is a placeholder (TBD)`)).toBe(true);
  });

  it("finds the repository root above the current folder by its .git, and refuses a bad --root", async () => {
    mkdirSync(path.join(root, ".git"));
    const fromBelow = await runCli(["evidence", "verify", "valid.md", "bad-status.md"], {
      cwd: path.join(root, "reports"),
    });
    expect(fromBelow).toMatchObject({
      code: 1,
      stdout:
        'reports/bad-status.md:5: ccw/src/demo.ts: status "Done" is not Existing or Planned\n',
    });
    const bad = await runCli(["evidence", "verify", "reports/valid.md", "--root", "nope"], {
      cwd: root,
    });
    expect(bad).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "ccw: error: --root nope: no such folder\nGive the repository root that the evidence tables' paths are relative to.\n",
    });
  });

  it("treats a missing file argument list as a usage error", async () => {
    const result = await runCli(["evidence", "verify"], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("ccw: error: missing required argument 'files'\n");
  });
});

describe("determinism", () => {
  const files = [
    "reports/valid.md",
    "reports/bad-status.md",
    "reports/two-pointers.md",
    "reports/no-table.md",
  ];

  it("gives the same output whatever the argument order, environment or working folder", async () => {
    const first = await verify(...files);
    const reversed = await verify(...[...files].reverse());
    const otherEnv = await runCli(
      ["evidence", "verify", ...files.map((file) => path.join(root, file)), "--root", root],
      {
        cwd: outside,
        env: { TZ: "Asia/Shanghai", LANG: "zh_CN.UTF-8", FORCE_COLOR: "1", HOME: "/elsewhere" },
      },
    );
    expect(reversed).toEqual(first);
    expect(otherEnv).toEqual(first);
    const json = await verify(...files, "--json");
    const jsonReversed = await verify("--json", ...[...files].reverse());
    expect(jsonReversed.stdout).toBe(json.stdout);
  });
});

describe("--json", () => {
  it("prints one document that the zod schema accepts, with the same facts as the text", async () => {
    const result = await verify(
      "reports/bad-status.md",
      "reports/valid.md",
      "reports/no-table.md",
      "--json",
    );
    expect(result.code).toBe(65);
    expect(result.stderr).toBe("");
    const report = EvidenceReport.parse(JSON.parse(result.stdout));
    expect(report).toMatchObject({
      ok: false,
      exit_code: 65,
      summary: { files: 3, rows: 6, failed_rows: 1, failed_files: 1 },
    });
    expect(report.files.map((file) => [file.file, file.tables, file.error?.kind ?? null])).toEqual([
      ["reports/bad-status.md", 1, null],
      ["reports/no-table.md", 0, "no-table"],
      ["reports/valid.md", 2, null],
    ]);
    expect(report.files[0]?.rows[0]).toEqual({
      line: 5,
      pointer: "ccw/src/demo.ts",
      status: null,
      ok: false,
      problems: [{ kind: "status-invalid", message: 'status "Done" is not Existing or Planned' }],
      notes: [],
      verify: { command: "Test-Path ccw/src/demo.ts", form: "test-path", outcome: "passed" },
    });
    expect(
      report.files[2]?.rows.map((row) => [
        row.line,
        row.status,
        row.verify.form,
        row.verify.outcome,
      ]),
    ).toEqual([
      [7, "existing", "test-path", "passed"],
      [8, "existing", "rg", "passed"],
      [9, "planned", "test-path", "failed"],
      [15, "existing", "rg", "passed"],
      [16, "existing", "rg", "passed"],
    ]);
  });
});

describe("file system faults (injected)", () => {
  const denied = (match: (file: string) => boolean): EvidenceFs => {
    const fail = (file: string) =>
      Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: "EACCES" });
    return {
      ...nodeEvidenceFs,
      readFile: (file) =>
        match(file) ? Promise.reject(fail(file)) : nodeEvidenceFs.readFile(file),
    };
  };

  it("reports a report it may not read as exit 65", async () => {
    const report = await verifyEvidence({
      root,
      files: [path.join(root, "reports", "valid.md")],
      fs: denied((file) => file.endsWith("valid.md")),
    });
    expect(report.exit_code).toBe(65);
    expect(report.files[0]?.error).toEqual({
      kind: "file-unreadable",
      message: "cannot read the file: EACCES: permission denied",
    });
  });

  it("fails the row whose evidence file it may not read, and only that row", async () => {
    const report = await verifyEvidence({
      root,
      files: [path.join(root, "reports", "valid.md")],
      fs: denied((file) => file.endsWith(path.join("commands", "demo.md"))),
    });
    expect(report.exit_code).toBe(1);
    expect(
      report.files[0]?.rows.filter((row) => !row.ok).map((row) => [row.line, row.problems]),
    ).toEqual([
      [
        7,
        [
          {
            kind: "path-unreadable",
            message: "cannot read docs file .claude/commands/demo.md: EACCES: permission denied",
          },
        ],
      ],
      [
        16,
        [
          {
            kind: "path-unreadable",
            message: "cannot read docs file .claude/commands/demo.md: EACCES: permission denied",
          },
        ],
      ],
    ]);
  });

  // Root reads files whatever their mode bits, so this real-disk case only runs as another user.
  it.skipIf(process.getuid?.() === 0)(
    "reports a real unreadable report (mode 000) as exit 2",
    async () => {
      const { chmodSync } = await import("node:fs");
      const file = writeReport(root, "locked", []);
      chmodSync(path.join(root, file), 0o000);
      const result = await verify(file);
      expect(result).toMatchObject({
        code: 2,
        stdout: "reports/locked.md: cannot read the file: EACCES: permission denied\n",
      });
    },
  );
});
