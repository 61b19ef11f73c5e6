import { describe, expect, it } from "vitest";
import { findEvidenceTables } from "../../ccw/src/evidence/evidence-table.js";
import {
  isDelimiterRow,
  listHeadings,
  markdownLines,
  splitTableRow,
} from "../../ccw/src/evidence/markdown.js";

describe("splitTableRow", () => {
  it.each([
    ["| a | b |", ["a", "b"]],
    ["a | b", ["a", "b"]],
    ["| a |  |", ["a", ""]],
    ['| rg "x\\|y" f | b |', ['rg "x|y" f', "b"]],
    ["| ends with \\|", ["ends with |"]],
    ["|`a`|`b`|", ["`a`", "`b`"]],
  ])("%s", (line, cells) => {
    expect(splitTableRow(line)).toEqual(cells);
  });
});

describe("isDelimiterRow", () => {
  it.each([
    [["---", ":--", "--:", ":-:"], true],
    [["-"], true],
    [["---", "x"], false],
    [[""], false],
    [[], false],
  ])("%j → %s", (cells, expected) => {
    expect(isDelimiterRow(cells)).toBe(expected);
  });
});

describe("markdownLines", () => {
  it("marks frontmatter and fenced code (fences included) as not prose", () => {
    const text = [
      "---",
      "a: 1",
      "---",
      "# T",
      "```",
      "| x |",
      "````",
      "after",
      "~~~",
      "```",
      "~~~",
      "z",
    ];
    expect(markdownLines(text.join("\n")).map((line) => line.prose)).toEqual([
      false,
      false,
      false,
      true,
      false,
      false,
      false,
      true,
      false,
      false,
      false,
      true,
    ]);
  });

  it("leaves an unterminated fence open to the end, and counts CRLF lines once", () => {
    expect(
      markdownLines("a\r\n```\r\nb").map((line) => [line.number, line.text, line.prose]),
    ).toEqual([
      [1, "a", true],
      [2, "```", false],
      [3, "b", false],
    ]);
  });
});

describe("listHeadings", () => {
  it("finds ATX headings outside code and frontmatter, without closing hashes", () => {
    const text = [
      "---",
      "# not: a heading",
      "---",
      "# Title",
      "#hashtag",
      "    # indented code",
      "```",
      "## in code",
      "```",
      "### Closing ###",
      "  ## Indented a little",
      "####### seven",
    ].join("\n");
    expect(listHeadings(text)).toEqual([
      { line: 4, level: 1, text: "Title" },
      { line: 10, level: 3, text: "Closing" },
      { line: 11, level: 2, text: "Indented a little" },
    ]);
  });
});

describe("findEvidenceTables", () => {
  const header = "| Pointer | Status | Evidence | Verify | Notes |";
  it("reads rows until the first line that is not a table row, with their line numbers", () => {
    const text = [
      "# R",
      header,
      "|---|---|---|---|---|",
      "| a | Existing | e | v | n |",
      "| b |",
      "",
      "| c | Planned | e | v |",
    ].join("\n");
    expect(findEvidenceTables(text)).toEqual([
      {
        headerLine: 2,
        rows: [
          { line: 4, pointer: "a", status: "Existing", evidence: "e", verify: "v", notes: "n" },
          { line: 5, pointer: "b", status: "", evidence: "", verify: "", notes: "" },
        ],
      },
    ]);
  });

  it("finds several tables, in any column order and case, ignoring other columns", () => {
    const text = [
      "| VERIFY | extra | **Pointer** | evidence | status |",
      "|---|---|---|---|---|",
      "| v | x | p | e | s |",
      "",
      "| Pointer | Status | Evidence | Verify |",
      "|---|---|---|---|",
      "| q | s2 | e2 | v2 |",
    ].join("\n");
    const tables = findEvidenceTables(text);
    expect(tables.map((table) => table.headerLine)).toEqual([1, 5]);
    expect(tables[0]?.rows[0]).toEqual({
      line: 3,
      pointer: "p",
      status: "s",
      evidence: "e",
      verify: "v",
      notes: undefined,
    });
    expect(tables[1]?.rows[0]?.pointer).toBe("q");
  });

  it("ignores tables without every column, without a matching delimiter row, or in code", () => {
    const text = [
      "| Pointer | Status | Evidence |",
      "|---|---|---|",
      "| a | b | c |",
      "| Pointer | Status | Evidence | Verify |",
      "| a | b | c | d |",
      "| Pointer | Status | Evidence | Verify |",
      "|---|---|---|",
      "```",
      "| Pointer | Status | Evidence | Verify |",
      "|---|---|---|---|",
      "```",
    ].join("\n");
    expect(findEvidenceTables(text)).toEqual([]);
  });

  it("keeps a table with no rows (it counts as a table)", () => {
    expect(
      findEvidenceTables("| Pointer | Status | Evidence | Verify |\n|---|---|---|---|\n"),
    ).toEqual([{ headerLine: 1, rows: [] }]);
  });
});
