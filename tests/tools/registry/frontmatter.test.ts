import { describe, expect, it } from "vitest";
import * as z from "zod";
import { formatDiagnostic } from "../../../ccw/src/tools/registry/diagnostic.js";
import {
  type FrontmatterResult,
  MAX_MARKDOWN_FILE_BYTES,
  parseFrontmatter,
} from "../../../ccw/src/tools/registry/frontmatter.js";

const Schema = z.object({
  description: z.string().optional(),
  category: z.enum(["planning", "execution"]).optional(),
  tools: z.array(z.string()).optional(),
  meta: z.object({ owner: z.string() }).optional(),
});

const bytes = (text: string) => new TextEncoder().encode(text);
const parse = (text: string | Uint8Array) => parseFrontmatter("/p/a.md", text, Schema);

function problems<T>(result: FrontmatterResult<T>) {
  if (result.ok) throw new Error("expected problems");
  return result.problems;
}

describe("parseFrontmatter: good files", () => {
  it("reads a file without frontmatter as body only", () => {
    expect(parse("# Title\n\nBody\n")).toEqual({
      ok: true,
      data: {},
      body: "# Title\n\nBody\n",
      bodyLine: 1,
      hasFrontmatter: false,
    });
  });

  it("splits the frontmatter from the body and says where the body starts", () => {
    expect(parse(bytes("---\ndescription: Hi\ncategory: planning\n---\nBody $TASK\n"))).toEqual({
      ok: true,
      data: { description: "Hi", category: "planning" },
      body: "Body $TASK\n",
      bodyLine: 5,
      hasFrontmatter: true,
    });
  });

  it("handles CRLF line endings", () => {
    const result = parse(bytes("---\r\ndescription: Hi\r\ntools:\r\n  - Read\r\n---\r\nBody\r\n"));
    expect(result).toMatchObject({
      ok: true,
      data: { description: "Hi", tools: ["Read"] },
      body: "Body\r\n",
      bodyLine: 6,
    });
  });

  it("drops a UTF-8 byte order mark, from bytes and from text", () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes("---\ndescription: x\n---\nB")]);
    expect(parse(withBom)).toMatchObject({ ok: true, data: { description: "x" }, body: "B" });
    expect(parse("\ufeff---\ndescription: x\n---\nB")).toMatchObject({ ok: true, body: "B" });
  });

  it.each([
    ["an empty block", "---\n---\nBody", {}, "Body", 3],
    ["a block of blank lines", "---\n\n\n---\nBody", {}, "Body", 5],
    ["a block at the end of the file", "---\ndescription: x\n---", { description: "x" }, "", 4],
    [
      "delimiters with spaces around",
      "---  \ndescription: x\n  ---\nB",
      { description: "x" },
      "B",
      4,
    ],
    [
      "unknown keys are dropped",
      "---\nother: 1\ndescription: x\n---\n",
      { description: "x" },
      "",
      5,
    ],
    [
      "full YAML",
      "---\ndescription: >-\n  two\n  lines\nmeta:\n  owner: me\n---\n",
      { description: "two lines", meta: { owner: "me" } },
      "",
      8,
    ],
  ])("reads %s", (_title, text, data, body, bodyLine) => {
    expect(parse(text)).toEqual({ ok: true, data, body, bodyLine, hasFrontmatter: true });
  });

  it("keeps a later --- in the body", () => {
    expect(parse("---\ndescription: x\n---\nA\n---\nB")).toMatchObject({ body: "A\n---\nB" });
  });

  it("does not take a --- after text for frontmatter", () => {
    expect(parse("Title\n---\ndescription: x\n---\n")).toMatchObject({
      ok: true,
      hasFrontmatter: false,
    });
  });
});

describe("parseFrontmatter: bad files", () => {
  it("reports an unterminated block", () => {
    expect(problems(parse("---\ndescription: x\nBody\n"))).toEqual([
      {
        file: "/p/a.md",
        kind: "unterminated",
        line: 1,
        message:
          "the frontmatter block opened by '---' on line 1 is never closed; add a line '---' after its last key",
      },
    ]);
    expect(problems(parse("---"))[0]?.kind).toBe("unterminated");
  });

  it("reports YAML syntax errors with line and column", () => {
    const found = problems(parse('---\ndescription: ok\ntools: [a, b\nx: "open\n---\nBody'));
    expect(found.length).toBeGreaterThan(0);
    for (const problem of found) {
      expect(problem.kind).toBe("yaml-syntax");
      expect(problem.line).toBeGreaterThanOrEqual(3);
      expect(problem.column).toBeGreaterThanOrEqual(1);
      expect(problem.message).toMatch(/^YAML syntax error at column \d+: /);
    }
  });

  it("reports the line of a YAML error in a CRLF file", () => {
    expect(problems(parse("---\r\ndescription: ok\r\n  bad: indent\r\n---\r\n"))[0]).toMatchObject({
      kind: "yaml-syntax",
      line: 2,
      column: 14,
    });
    expect(problems(parse('---\r\ndescription: ok\r\nx: "open\r\n---\r\n'))).toEqual([
      {
        file: "/p/a.md",
        kind: "yaml-syntax",
        line: 3,
        column: 10,
        message: 'YAML syntax error at column 10: Missing closing "quote',
      },
    ]);
  });

  it("reports a duplicate key", () => {
    const [problem] = problems(parse("---\ndescription: a\ndescription: b\n---\n"));
    expect(problem).toMatchObject({ kind: "yaml-syntax", line: 3 });
    expect(problem?.message).toContain("unique");
  });

  it.each([
    ["a list", "---\n- a\n- b\n---\n", "a list"],
    ["a single value", "---\njust text\n---\n", 'a single value ("just text")'],
  ])("reports a block that is %s", (_title, text, what) => {
    expect(problems(parse(text))).toEqual([
      {
        file: "/p/a.md",
        kind: "not-a-mapping",
        line: 2,
        message: `the frontmatter must be a mapping of keys to values (like 'description: ...'), but it is ${what}`,
      },
    ]);
  });

  it("reports every wrong field with its path and the line of its key", () => {
    const text = "---\ndescription: 42\ncategory: plan\ntools:\n  - Read\n  - 7\n---\n";
    expect(problems(parse(text))).toEqual([
      {
        file: "/p/a.md",
        kind: "invalid-field",
        line: 2,
        field: "description",
        message: 'frontmatter field "description": expected a string, found a number (42)',
      },
      {
        file: "/p/a.md",
        kind: "invalid-field",
        line: 3,
        field: "category",
        message: 'frontmatter field "category": expected one of planning, execution, found "plan"',
      },
      {
        file: "/p/a.md",
        kind: "invalid-field",
        line: 6,
        field: "tools[1]",
        message: 'frontmatter field "tools[1]": expected a string, found a number (7)',
      },
    ]);
  });

  it("points at nested keys", () => {
    const [problem] = problems(parse("---\nmeta:\n  owner: 3\n---\n"));
    expect(problem).toMatchObject({ line: 3, field: "meta.owner" });
  });

  it("reports a wrong field found by the fast path at its line", () => {
    const [problem] = problems(parse("---\n\ndescription: fine\ncategory: nope\n---\n"));
    expect(problem).toMatchObject({ kind: "invalid-field", line: 4, field: "category" });
  });

  it("reports a missing required field at the start of the file", () => {
    const result = parseFrontmatter("/p/a.md", "Body", z.object({ name: z.string() }));
    expect(problems(result)).toEqual([
      {
        file: "/p/a.md",
        kind: "invalid-field",
        line: 1,
        field: "name",
        message: 'frontmatter field "name": is required',
      },
    ]);
  });

  it("reports a file that is not UTF-8, with the line of the bad byte", () => {
    const data = new Uint8Array([...bytes("---\ndescription: x\n---\nab"), 0xff, ...bytes("\n")]);
    expect(problems(parse(data))).toEqual([
      {
        file: "/p/a.md",
        kind: "not-utf8",
        line: 4,
        column: 3,
        message:
          "the file is not valid UTF-8 (byte 0xff at line 4, byte 3 of the line); save it as UTF-8",
      },
    ]);
  });

  it.each([
    ["a truncated sequence", [0x61, 0xe2, 0x82], 2],
    ["an overlong encoding", [0xc0, 0xaf], 1],
    ["a surrogate", [0xed, 0xa0, 0x80], 1],
  ])("finds %s", (_title, raw, column) => {
    expect(problems(parse(new Uint8Array(raw)))[0]).toMatchObject({
      kind: "not-utf8",
      line: 1,
      column,
    });
  });

  it("refuses a file over 1 MiB before decoding it", () => {
    const big = new Uint8Array(MAX_MARKDOWN_FILE_BYTES + 1).fill(0x61);
    expect(problems(parse(big))).toEqual([
      {
        file: "/p/a.md",
        kind: "file-too-large",
        message:
          "the file is 1048577 bytes (1.1 MiB), over the 1 MiB (1048576 bytes) limit for a Markdown prompt or command; shorten or split it",
      },
    ]);
    expect(parse(new Uint8Array(MAX_MARKDOWN_FILE_BYTES).fill(0x61)).ok).toBe(true);
  });

  it("renders problems as file:line: message", () => {
    const [problem] = problems(parse("---\ncategory: x\n---\n"));
    expect(problem && formatDiagnostic(problem)).toBe(
      '/p/a.md:2: frontmatter field "category": expected one of planning, execution, found "x"',
    );
  });
});
