import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toJsonText } from "../../ccw/src/parity/json-text.js";
import { validateManifests } from "../../ccw/src/parity/validate.js";
import { runCli } from "../helpers/cli-context.js";
import { copyOfManifests, LINUX, MANIFESTS, NEW, OLD, REPO, tempDir } from "./fixtures.js";

/** A JSON document edited through JSON pointers (test copies only). */
class Doc {
  constructor(readonly root: unknown) {}

  #parent(pointer: string): [Record<string, unknown> | unknown[], string] {
    const parts = pointer.split("/").slice(1);
    const last = parts.pop() ?? "";
    let node: unknown = this.root;
    for (const part of parts) node = (node as Record<string, unknown>)[part];
    if (typeof node !== "object" || node === null) throw new Error(`no container at ${pointer}`);
    return [node as Record<string, unknown>, last];
  }

  get(pointer: string): unknown {
    const [parent, key] = this.#parent(pointer);
    return (parent as Record<string, unknown>)[key];
  }

  set(pointer: string, value: unknown): void {
    const [parent, key] = this.#parent(pointer);
    (parent as Record<string, unknown>)[key] = value;
  }

  remove(pointer: string): void {
    const [parent, key] = this.#parent(pointer);
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  }

  list(pointer: string): unknown[] {
    const value = this.get(pointer);
    if (!Array.isArray(value)) throw new Error(`no array at ${pointer}`);
    return value;
  }
}

async function edit(dir: string, file: string, change: (doc: Doc) => void): Promise<void> {
  const full = path.join(dir, file);
  const doc = new Doc(JSON.parse(await readFile(full, "utf8")));
  change(doc);
  await writeFile(full, toJsonText(doc.root));
}

const SNAPSHOT = `snapshots/${NEW}/${LINUX}.json`;
const REPORT = `reports/${NEW}/coverage.any.json`;
const UNITS = "/parity_exclusions/units";

/** One mutation of a copy of the committed tree per check, and the code it must produce. */
type Case = [code: string, file: string, mutate: (dir: string) => Promise<void>];
const at =
  (file: string, change: (doc: Doc) => unknown): Case[2] =>
  (dir) =>
    edit(dir, file, (doc) => {
      change(doc);
    });
const COV = "wrapper_coverage.json";
const CASES: Case[] = [
  ["FILE_MISSING", "SCHEMA.json", (dir) => rm(path.join(dir, "SCHEMA.json"))],
  ["JSON_INVALID", COV, (dir) => writeFile(path.join(dir, COV), "{ not json")],
  [
    "NOT_CANONICAL",
    "RULES.json",
    async (dir) => {
      const file = path.join(dir, "RULES.json");
      await writeFile(file, JSON.stringify(JSON.parse(await readFile(file, "utf8"))));
    },
  ],
  ["SCHEMA_INVALID", SNAPSHOT, at(SNAPSHOT, (doc) => doc.set("/binary/sha256", "not-a-hash"))],
  ["SCHEMA_STALE", "SCHEMA.json", at("SCHEMA.json", (doc) => doc.set("/title", "edited by hand"))],
  ["EXCLUSION_MALFORMED", "RULES.json", at("RULES.json", (doc) => doc.remove(`${UNITS}/4/key`))],
  [
    "EXCLUSION_NOTE_EMPTY",
    "RULES.json",
    at("RULES.json", (doc) => doc.set(`${UNITS}/0/note`, " ")),
  ],
  [
    "EXCLUSION_DUPLICATE",
    "RULES.json",
    at("RULES.json", (doc) => doc.list(UNITS).push(doc.list(UNITS).at(-1))),
  ],
  ["EXCLUSIONS_UNSORTED", "RULES.json", at("RULES.json", (doc) => doc.list(UNITS).reverse())],
  ["WRAPPER_COVERAGE_EMPTY", COV, at(COV, (doc) => doc.set("/coverage", []))],
  [
    "WRAPPER_SCOPE_FORBIDDEN",
    COV,
    at(COV, (doc) => doc.set("/coverage/1/scope", { platforms: ["linux"] })),
  ],
  ["WRAPPER_NOTE_POLICY", COV, at(COV, (doc) => doc.set("/coverage/1/note", "the main command"))],
  [
    "WRAPPER_INTENTIONALLY_UNSUPPORTED_NOTE",
    COV,
    at(COV, (doc) => doc.remove(`/coverage/${doc.list("/coverage").length - 1}/note`)),
  ],
  [
    "WRAPPER_EXCLUDED_IDENTITY",
    COV,
    at(COV, (doc) => doc.set("/coverage/0/args", [{ name: "PROMPT", level: "explicit" }])),
  ],
  [
    "WRAPPER_DUPLICATE",
    COV,
    at(COV, (doc) => doc.list("/coverage").splice(1, 0, doc.get("/coverage/1"))),
  ],
  ["WRAPPER_UNSORTED", COV, at(COV, (doc) => doc.list("/coverage").reverse())],
  [
    "WRAPPER_NOT_IN_LATEST_VALIDATED",
    COV,
    at(COV, (doc) =>
      doc.list("/coverage/1/flags").splice(5, 0, { key: "--full-auto", level: "explicit" }),
    ),
  ],
  [
    "WRAPPER_NOT_IN_MIN_SUPPORTED",
    COV,
    at(COV, (doc) => doc.list("/coverage/1/flags").push({ key: "--worktree", level: "explicit" })),
  ],
  ["SNAPSHOT_DIR_NAME", "snapshots/latest", (dir) => mkdir(path.join(dir, "snapshots", "latest"))],
  [
    "SNAPSHOT_VERSION_MISMATCH",
    SNAPSHOT,
    (dir) => rename(path.join(dir, `snapshots/${OLD}/${LINUX}.json`), path.join(dir, SNAPSHOT)),
  ],
  [
    "SNAPSHOT_TARGET_MISMATCH",
    `snapshots/${NEW}/aarch64-apple-darwin.json`,
    (dir) =>
      rename(
        path.join(dir, SNAPSHOT),
        path.join(dir, `snapshots/${NEW}/aarch64-apple-darwin.json`),
      ),
  ],
  ["NOT_SORTED", SNAPSHOT, at(SNAPSHOT, (doc) => doc.list("/commands").reverse())],
  [
    "UNION_VERSION_MISMATCH",
    `snapshots/${NEW}/union.json`,
    at(`snapshots/${NEW}/union.json`, (doc) =>
      doc.set("/inputs/0/binary/semantic_version", "0.169.1"),
    ),
  ],
  [
    "UNION_STALE",
    `snapshots/${NEW}/union.json`,
    at(`snapshots/${NEW}/union.json`, (doc) => doc.list("/commands").pop()),
  ],
  [
    "REPORT_VERSION_MISMATCH",
    REPORT,
    at(REPORT, (doc) => doc.set("/inputs/upstream/semantic_version", OLD)),
  ],
  [
    "REPORT_EXCLUDED_IN_MISSING",
    REPORT,
    at(REPORT, (doc) =>
      doc
        .list("/deltas/missing_flags")
        .unshift({ path: [], key: "--no-alt-screen", upstream_available_on: [LINUX] }),
    ),
  ],
  ["REPORT_STALE", REPORT, at(REPORT, (doc) => doc.list("/deltas/missing_flags").pop())],
  [
    "POINTER_FORMAT",
    "latest_validated.txt",
    (dir) => writeFile(path.join(dir, "latest_validated.txt"), "v0.169.0\n"),
  ],
  [
    "POINTER_WITHOUT_UNION",
    "min_supported.txt",
    (dir) => writeFile(path.join(dir, "min_supported.txt"), "0.100.0\n"),
  ],
  [
    "POINTER_ORDER",
    "min_supported.txt",
    async (dir) => {
      await writeFile(path.join(dir, "min_supported.txt"), `${NEW}\n`);
      await writeFile(path.join(dir, "latest_validated.txt"), `${OLD}\n`);
    },
  ],
  [
    "CURRENT_MISMATCH",
    "current.json",
    at("current.json", (doc) => doc.set("/collected_at", "2020-01-01T00:00:00Z")),
  ],
];

describe("validateManifests", () => {
  it("finds nothing wrong with the committed tree", async () => {
    expect(await validateManifests(MANIFESTS)).toEqual([]);
  });

  it.each(CASES)("reports %s (%s)", async (code, file, mutate) => {
    const dir = await copyOfManifests();
    await mutate(dir);
    const violations = await validateManifests(dir);
    expect(violations.map((v) => `${v.code} ${path.relative(dir, v.file)}`)).toContain(
      `${code} ${file}`,
    );
  });

  it("covers every check it can report", async () => {
    const source = await readFile(path.join(REPO, "ccw", "src", "parity", "validate.ts"), "utf8");
    const coverageSource = await readFile(
      path.join(REPO, "ccw", "src", "parity", "wrapper-coverage-check.ts"),
      "utf8",
    );
    const rulesSource = await readFile(path.join(REPO, "ccw", "src", "parity", "rules.ts"), "utf8");
    const codes = new Set(
      [source, coverageSource, rulesSource].flatMap((text) =>
        [...text.matchAll(/(?:add\(\s*|code: |\| |\[pointers\.\w+, )"([A-Z][A-Z_]+)"/g)].map(
          (m) => m[1],
        ),
      ),
    );
    const tested = new Set(CASES.map(([code]) => code));
    expect(codes.size).toBe(tested.size);
    expect([...codes].filter((code) => !tested.has(code ?? "")).sort()).toEqual([]);
  });

  it("collects every problem instead of stopping at the first", async () => {
    const dir = await copyOfManifests();
    await rm(path.join(dir, "SCHEMA.json"));
    await writeFile(path.join(dir, "min_supported.txt"), "0.125\n");
    const codes = (await validateManifests(dir)).map((v) => v.code);
    expect(codes).toEqual(expect.arrayContaining(["FILE_MISSING", "POINTER_FORMAT"]));
  });
});

describe("ccw codex-parity validate", () => {
  it("passes on the committed tree (exit 0)", async () => {
    const result = await runCli(["codex-parity", "validate"], { cwd: REPO });
    expect(result).toEqual({ code: 0, stdout: "cli_manifests/codex: valid\n", stderr: "" });
  });

  it("prints one line per violation and exits 1", async () => {
    const dir = await copyOfManifests();
    await writeFile(path.join(dir, "latest_validated.txt"), "latest\n");
    const result = await runCli(["codex-parity", "validate", "--dir", dir], { cwd: REPO });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `POINTER_FORMAT ${path.join(dir, "latest_validated.txt")} # must hold exactly one stable version (MAJOR.MINOR.PATCH, no "v") and one newline, found "latest\\n"\n`,
    );
    expect(result.stderr).toBe(`ccw: 1 parity violation in ${dir}\n`);
  });

  it("reports JSON with --json", async () => {
    const dir = await copyOfManifests();
    await rm(path.join(dir, "current.json"));
    const result = await runCli(["codex-parity", "validate", "--json", "--dir", dir], {
      cwd: REPO,
    });
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.ok).toBe(false);
    expect(parsed.violations).toEqual([
      expect.objectContaining({
        code: "FILE_MISSING",
        file: path.join(dir, "current.json"),
        pointer: "",
      }),
    ]);
  });

  it("exits 66 when its folder is missing", async () => {
    const missing = path.join(await tempDir(), "nowhere");
    const result = await runCli(["codex-parity", "validate", "--dir", missing], { cwd: REPO });
    expect(result.code).toBe(66);
    expect(result.stderr).toContain(`ccw: error: cannot validate ${missing}: ENOENT`);
  });
});
