/** docs/prompt-pack.md stays true to the pack: its examples, its prompt sections, its tables. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../ccw/src/cli.js";
import { listPlaceholders } from "../../ccw/src/tools/registry/prompt-expansion.js";
import { testContext } from "../helpers/cli-context.js";
import { ARTIFACT_SHAPES } from "./artifact-shapes.js";
import { ccwInvocations, checkInvocation } from "./command-refs.js";
import { BINDING_NAMES, jsonExamples, loadPack, REPO_ROOT, relativeTo } from "./pack.js";

const DOC = readFileSync(path.join(REPO_ROOT, "docs", "prompt-pack.md"), "utf8");
const pack = loadPack();

/** The text under `### <name>` up to the next heading. */
function subsection(name: string): string | undefined {
  const start = DOC.indexOf(`\n### ${name}\n`);
  if (start === -1) return undefined;
  const rest = DOC.slice(start + name.length + 6);
  const end = rest.search(/\n#{2,3} /);
  return end === -1 ? rest : rest.slice(0, end);
}

describe("docs/prompt-pack.md", () => {
  const examples = jsonExamples(DOC);

  it.each(examples.map((example, index) => [`${index + 1}: ${example.tag}`, example] as const))(
    "example %s parses with its shape",
    (_label, example) => {
      const shape = ARTIFACT_SHAPES[example.tag];
      expect(shape, `no shape for ${example.tag}`).toBeDefined();
      const parsed = shape?.safeParse(JSON.parse(example.text));
      expect(parsed?.success ? [] : parsed?.error.issues).toEqual([]);
    },
  );

  it("shows an example of every shape (per-issue plans share plan.json's)", () => {
    const shown = new Set(examples.map((example) => example.tag));
    const missing = Object.keys(ARTIFACT_SHAPES).filter(
      (tag) => tag !== "plans/<issue-id>.json" && !shown.has(tag),
    );
    expect(missing).toEqual([]);
  });

  it.each(pack.map((prompt) => [prompt.name, prompt] as const))(
    "describes %s and names every file it writes",
    (name, prompt) => {
      const section = subsection(name);
      expect(section, `no "### ${name}" section`).toBeDefined();
      const category = (prompt.frontmatter as { category?: string }).category;
      expect(section).toContain(`Category ${category}.`);
      for (const entry of prompt.writes) {
        expect(section).toContain(`\`${relativeTo(entry, "ARTIFACT_DIR")}\``);
      }
    },
  );

  it("names only ccw commands and options that exist", () => {
    const { ctx } = testContext({ cwd: REPO_ROOT });
    const cli = buildProgram({ ctx, setExitCode: () => {} });
    expect(ccwInvocations(DOC).flatMap((invocation) => checkInvocation(cli, invocation))).toEqual(
      [],
    );
  });

  it("has a bindings table that matches each prompt's placeholders", () => {
    // Cells are compared trimmed: the formatter may pad the table's columns.
    const cellsOf = (line: string) => line.split("|").map((cell) => cell.trim());
    const header = ["", "prompt", ...BINDING_NAMES, ""].join("|");
    const lines = DOC.split("\n");
    const start = lines.findIndex((line) => cellsOf(line).join("|") === header);
    expect(start, "the bindings usage table").toBeGreaterThan(-1);
    const end = lines.findIndex((line, index) => index > start && !line.startsWith("|"));
    const rows = lines.slice(start + 2, end < 0 ? undefined : end);
    const table = rows.map((row) => {
      const cells = cellsOf(row);
      const name = cells[1] ?? "";
      const used = BINDING_NAMES.filter((_binding, i) => cells[i + 2] === "✓");
      return [name, [...used].sort()] as const;
    });
    const actual = pack.map(
      (prompt) => [prompt.name, listPlaceholders(prompt.body).named] as const,
    );
    expect(table).toEqual(actual);
  });
});
