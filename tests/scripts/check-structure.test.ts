import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const script = path.join(root, "scripts", "check-structure.mjs");

/** Runs the check over a tree of `files` (paths under ccw/src → text). */
function check(files: Record<string, string>): { code: number | null; stdout: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ccw-structure-"));
  made.push(dir);
  for (const [file, text] of Object.entries(files)) {
    const full = path.join(dir, "ccw", "src", file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  const run = spawnSync(process.execPath, [script, "--root", dir], { encoding: "utf8" });
  return { code: run.status, stdout: run.stdout };
}

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A function of `lines` lines, from `function` to its closing brace. */
function functionOf(name: string, lines: number): string {
  const body = Array.from({ length: lines - 2 }, (_, i) => `  const v${i} = ${i};`).join("\n");
  return `export function ${name}(): void {\n${body}\n}\n`;
}

describe("scripts/check-structure.mjs", () => {
  it("passes this repository's sources", () => {
    const run = spawnSync(process.execPath, [script], { encoding: "utf8" });
    expect(run.stdout).toBe("");
    expect(run.status).toBe(0);
  });

  it("passes imports that run down the layers and one way between folders", () => {
    const result = check({
      "cli.ts": 'import "./commands/a.js";\n',
      "commands/a.ts": 'import "../coordinator/b.js";\nimport "../hook/c.js";\n',
      "coordinator/b.ts": 'import "../hook/c.js";\nimport "../session/d.js";\n',
      "hook/c.ts": 'import type { D } from "../session/d.js";\n',
      "session/d.ts": 'import "../tools/e.js";\nexport type D = 1;\n',
      "tools/e.ts": 'import "../lib/f.js";\n',
      "lib/f.ts": 'import "../errors.js";\n',
      "errors.ts": "export {};\n",
      "context.ts": 'import "./errors.js";\n',
    });
    expect(result).toEqual({ code: 0, stdout: "" });
  });

  it.each<{ about: string; files: Record<string, string>; expected: string }>([
    {
      about: "a circle between files (a lazy import one way, a type-only import back)",
      files: {
        "coordinator/a.ts": 'export const a = () => import("./b.js");\n',
        "coordinator/b.ts": 'import type { A } from "./a.js";\nexport type B = A;\n',
      },
      expected:
        "ccw/src/coordinator/a.ts:1: import circle between files: coordinator/a.ts → coordinator/b.ts, coordinator/b.ts → coordinator/a.ts",
    },
    {
      about: "a circle between folders",
      files: {
        "coordinator/a.ts": 'import "../hook/b.js";\n',
        "hook/c.ts": 'import "../coordinator/d.js";\n',
        "hook/b.ts": "export {};\n",
        "coordinator/d.ts": "export {};\n",
      },
      expected:
        "ccw/src/coordinator:1: import circle between folders coordinator, hook: coordinator/a.ts:1 → hook/b.ts, hook/c.ts:1 → coordinator/d.ts",
    },
    {
      about: "an import against the layering",
      files: { "tools/a.ts": 'import "../coordinator/b.js";\n', "coordinator/b.ts": "" },
      expected:
        "ccw/src/tools/a.ts:1: imports coordinator/b.ts: tools must not import domains (layers: cli → commands → domains → session → tools → lib → base)",
    },
    {
      about: "a shared leaf that imports a tool",
      files: { "lib/a.ts": 'export * from "../tools/b.js";\n', "tools/b.ts": "" },
      expected: "ccw/src/lib/a.ts:1: imports tools/b.ts: lib must not import tools",
    },
    {
      about: "a function over 80 lines",
      files: { "tools/a.ts": functionOf("long", 81) },
      expected: "ccw/src/tools/a.ts:1: function long has 81 lines (at most 80)",
    },
    {
      about: "a file over 500 lines",
      files: { "tools/a.ts": "export {};\n".repeat(501) },
      expected: "ccw/src/tools/a.ts:1: file of 501 lines (at most 500)",
    },
    {
      about: "a file in no layer",
      files: { "misc/a.ts": "export {};\n" },
      expected: "ccw/src/misc/a.ts:1: file in no layer",
    },
  ])("fails on $about", ({ files, expected }) => {
    const result = check(files);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(expected);
  });

  it("takes a function of exactly 80 lines and a file of exactly 500", () => {
    const fn = functionOf("fits", 80);
    const filler = "export {};\n".repeat(500 - fn.split("\n").length + 1);
    expect(check({ "tools/a.ts": fn + filler })).toEqual({ code: 0, stdout: "" });
  });

  it("exits 2 when there are no sources to read", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ccw-structure-"));
    made.push(dir);
    const run = spawnSync(process.execPath, [script, "--root", dir], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("cannot read");
  });
});
