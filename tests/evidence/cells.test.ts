import { describe, expect, it } from "vitest";
import {
  looksLikePath,
  parseEvidenceCell,
  parsePointerCell,
  parseStatusCell,
  unwrapCode,
} from "../../ccw/src/evidence/cells.js";

describe("unwrapCode", () => {
  it.each([
    ["`a b`", "a b"],
    ["``a ` b``", "a ` b"],
    ["  plain  ", "plain"],
    ["`a` and `b`", "`a` and `b`"],
    ["``", "``"],
  ])("%s → %s", (cell, text) => {
    expect(unwrapCode(cell)).toBe(text);
  });
});

describe("looksLikePath", () => {
  it.each([
    ["ccw/src/cli.ts", true],
    ["state.json", true],
    ["README.md", true],
    ["a\\b", true],
    ["ccw coordinator codex", false],
    ["CommandRegistry", false],
  ])("%s → %s", (text, expected) => {
    expect(looksLikePath(text)).toBe(expected);
  });
});

describe("parsePointerCell", () => {
  it.each([
    ["`ccw/src/cli.ts`", { ok: true, pointer: "ccw/src/cli.ts", isPath: true }],
    ["ccw/src/cli.ts", { ok: true, pointer: "ccw/src/cli.ts", isPath: true }],
    ["`ccw coordinator codex`", { ok: true, pointer: "ccw coordinator codex", isPath: false }],
    ["`ccw/src/cli.ts` (the entry)", { ok: true, pointer: "ccw/src/cli.ts", isPath: true }],
    [
      "`.workflow/<id>/state.json`",
      { ok: true, pointer: ".workflow/<id>/state.json", isPath: true },
    ],
    ["docs/tbd.md", { ok: true, pointer: "docs/tbd.md", isPath: true }],
  ])("accepts %s", (cell, expected) => {
    expect(parsePointerCell(cell)).toEqual(expected);
  });

  it.each([
    ["", "pointer-empty"],
    ["TBD", "pointer-tbd"],
    ["`tbd`", "pointer-tbd"],
    ["TBD: the registry", "pointer-tbd"],
    ["the registry (tbd)", "pointer-tbd"],
    ["{{pointer}}", "pointer-template"],
    ["ccw/src/{{name}}.ts", "pointer-template"],
    ["`a.ts` `b.ts`", "pointer-multiple"],
    ["a.ts, b.ts", "pointer-multiple"],
    ["docs/a.md and docs/b.md", "pointer-multiple"],
    ["`docs/a.md docs/b.md`", "pointer-multiple"],
    ["`ccw hook` ccw/src/commands/hook.ts", "pointer-multiple"],
  ])("refuses %j as %s", (cell, kind) => {
    const parsed = parsePointerCell(cell);
    expect(parsed.ok ? undefined : parsed.problem.kind).toBe(kind);
  });
});

describe("parseStatusCell", () => {
  it.each([
    ["Existing", "existing"],
    ["PLANNED", "planned"],
    ["`existing`", "existing"],
    ["**Planned**", "planned"],
  ])("%s → %s", (cell, status) => {
    expect(parseStatusCell(cell)).toEqual({ ok: true, status });
  });

  it.each([
    ["Done", 'status "Done" is not Existing or Planned'],
    ["", "status is empty; expected Existing or Planned"],
    ["Existing?", 'status "Existing?" is not Existing or Planned'],
  ])("refuses %j", (cell, message) => {
    expect(parseStatusCell(cell)).toEqual({
      ok: false,
      problem: { kind: "status-invalid", message },
    });
  });
});

describe("parseEvidenceCell", () => {
  const docs = { file: "docs/cli.md", anchor: "Exit codes" };
  const ts = { file: "ccw/src/cli.ts", anchor: "export async function main" };

  it.each([
    ["docs: docs/cli.md / Exit codes ; ts: ccw/src/cli.ts / export async function main"],
    ["ts: ccw/src/cli.ts / export async function main; docs: docs/cli.md / Exit codes"],
    ["`docs: docs/cli.md / Exit codes` ; `ts: ccw/src/cli.ts / export async function main`"],
    ["DOCS: `docs/cli.md` / `Exit codes` ; Ts: `ccw/src/cli.ts` / `export async function main`"],
  ])("reads %s", (cell) => {
    expect(parseEvidenceCell(cell)).toEqual({ docs, ts, problems: [] });
  });

  it("keeps `;` and `/` that belong to an anchor", () => {
    expect(
      parseEvidenceCell(
        "docs: docs/a.md / A / B ; ts: ccw/src/a.ts / const x = 1; // .workflow/x/state.json",
      ),
    ).toEqual({
      docs: { file: "docs/a.md", anchor: "A / B" },
      ts: { file: "ccw/src/a.ts", anchor: "const x = 1; // .workflow/x/state.json" },
      problems: [],
    });
  });

  it.each([
    ["", ["evidence-missing-docs", "evidence-missing-ts"]],
    ["ts: ccw/src/a.ts / x", ["evidence-missing-docs"]],
    ["docs: docs/a.md / x", ["evidence-missing-ts"]],
    ["docs: docs/a.md ; ts: ccw/src/a.ts / x", ["evidence-malformed"]],
    ["docs: docs/a.md / ; ts: ccw/src/a.ts / x", ["evidence-malformed"]],
    ["see docs/a.md ; ts: ccw/src/a.ts / x", ["evidence-malformed", "evidence-missing-docs"]],
    ["docs: docs/a.md / x ; docs: docs/b.md / y ; ts: ccw/src/a.ts / x", ["evidence-malformed"]],
  ])("flags %j", (cell, kinds) => {
    expect(parseEvidenceCell(cell).problems.map((problem) => problem.kind)).toEqual(kinds);
  });

  it("says how to write a part that lacks its anchor", () => {
    expect(parseEvidenceCell("docs: docs/a.md ; ts: ccw/src/a.ts / x").problems).toEqual([
      {
        kind: "evidence-malformed",
        message: 'docs part "docs/a.md" needs a file and an anchor: docs: <file> / <anchor>',
      },
    ]);
  });
});
