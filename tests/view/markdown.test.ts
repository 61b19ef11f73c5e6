import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown } from "../../ccw/src/view/web/markdown.js";

describe("the page's Markdown", () => {
  it.each([
    ["plain", [{ type: "text", text: "plain" }]],
    [
      "run `npm test` now",
      [
        { type: "text", text: "run " },
        { type: "code", text: "npm test" },
        { type: "text", text: " now" },
      ],
    ],
    [
      "**bold** *em*",
      [
        { type: "strong", text: "bold" },
        { type: "text", text: " " },
        { type: "em", text: "em" },
      ],
    ],
    ["[docs](https://x.dev)", [{ type: "link", text: "docs", href: "https://x.dev" }]],
    ["<script>alert(1)</script>", [{ type: "text", text: "<script>alert(1)</script>" }]],
  ])("parseInline(%j)", (text, pieces) => {
    expect(parseInline(text)).toEqual(pieces);
  });

  it("parses the blocks of a plan", () => {
    const text = [
      "# Plan: greet",
      "",
      "Intro line one",
      "line two.",
      "",
      "1. S1: greet()",
      "2. S2: test",
      "   continued",
      "",
      "- a",
      "* b",
      "",
      "```sh",
      "node --test",
      "```",
      "",
      "> quoted",
      "",
      "| a | b |",
      "|---|---|",
      "| 1 | 2 |",
      "",
      "---",
    ].join("\n");
    expect(parseMarkdown(text).map((block) => block.type)).toEqual([
      "heading",
      "paragraph",
      "list",
      "list",
      "code",
      "quote",
      "table",
      "rule",
    ]);
    const [heading, paragraph, ordered, , code, , table] = parseMarkdown(text);
    expect(heading).toEqual({
      type: "heading",
      level: 1,
      inline: [{ type: "text", text: "Plan: greet" }],
    });
    expect(paragraph).toEqual({
      type: "paragraph",
      inline: [{ type: "text", text: "Intro line one line two." }],
    });
    expect(ordered).toMatchObject({
      ordered: true,
      items: [[{ text: "S1: greet()" }], [{ text: "S2: test continued" }]],
    });
    expect(code).toEqual({ type: "code", text: "node --test" });
    expect(table).toMatchObject({
      head: [[{ text: "a" }], [{ text: "b" }]],
      rows: [[[{ text: "1" }], [{ text: "2" }]]],
    });
  });

  it("never loops on odd input", () => {
    for (const text of ["", "\n\n", "```", "|", "> ", "#", "-", "1.", "***", "a|b\n|---"]) {
      expect(() => parseMarkdown(text)).not.toThrow();
    }
  });
});
