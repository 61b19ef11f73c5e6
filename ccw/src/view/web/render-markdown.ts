/** Markdown blocks (markdown.ts) as DOM nodes. */
import { h } from "./dom.js";
import { type Block, type Inline, parseMarkdown } from "./markdown.js";

function inline(pieces: readonly Inline[]): Node[] {
  return pieces.map(inlineNode);
}

function inlineNode(piece: Inline): Node {
  switch (piece.type) {
    case "text":
      return document.createTextNode(piece.text);
    case "code":
      return h("code", null, piece.text);
    case "strong":
      return h("strong", null, piece.text);
    case "em":
      return h("em", null, piece.text);
    case "link":
      // Only web links become links; anything else (javascript:, file paths) stays text.
      return /^https?:\/\//i.test(piece.href)
        ? h("a", { href: piece.href, rel: "noreferrer noopener", target: "_blank" }, piece.text)
        : h("span", { title: piece.href }, piece.text);
  }
}

function block(item: Block): Node {
  switch (item.type) {
    case "heading":
      return h(`h${Math.min(item.level + 1, 6)}` as "h2", null, inline(item.inline));
    case "paragraph":
      return h("p", null, inline(item.inline));
    case "list":
      return h(
        item.ordered ? "ol" : "ul",
        null,
        item.items.map((entry) => h("li", null, inline(entry))),
      );
    case "code":
      return h("pre", null, h("code", null, item.text));
    case "quote":
      return h("blockquote", null, inline(item.inline));
    case "table":
      return h(
        "table",
        { class: "md-table" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            item.head.map((cell) => h("th", null, inline(cell))),
          ),
        ),
        h(
          "tbody",
          null,
          item.rows.map((row) =>
            h(
              "tr",
              null,
              row.map((cell) => h("td", null, inline(cell))),
            ),
          ),
        ),
      );
    case "rule":
      return h("hr");
  }
}

/** A Markdown text rendered into a `<div class="markdown">`. */
export function renderMarkdown(text: string): HTMLElement {
  return h("div", { class: "markdown" }, parseMarkdown(text).map(block));
}
