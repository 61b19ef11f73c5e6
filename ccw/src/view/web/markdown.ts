/**
 * The Markdown the prompts' artifacts use (plan.md, summary.md), parsed into plain data the
 * page turns into DOM nodes: headings, paragraphs, lists, code blocks, quotes, tables, rules,
 * and inline code, bold, italics and links. No HTML passes through: raw HTML stays text.
 */

export type Inline =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "code"; readonly text: string }
  | { readonly type: "strong"; readonly text: string }
  | { readonly type: "em"; readonly text: string }
  | { readonly type: "link"; readonly text: string; readonly href: string };

export type Block =
  | { readonly type: "heading"; readonly level: number; readonly inline: Inline[] }
  | { readonly type: "paragraph"; readonly inline: Inline[] }
  | { readonly type: "list"; readonly ordered: boolean; readonly items: Inline[][] }
  | { readonly type: "code"; readonly text: string }
  | { readonly type: "quote"; readonly inline: Inline[] }
  | { readonly type: "table"; readonly head: Inline[][]; readonly rows: Inline[][][] }
  | { readonly type: "rule" };

const INLINE =
  /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

/** The inline pieces of one line or paragraph of text. */
export function parseInline(text: string): Inline[] {
  const pieces: Inline[] = [];
  let at = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > at) pieces.push({ type: "text", text: text.slice(at, match.index) });
    const [, , code, strong, strong2, em, linkText, href] = match;
    if (code !== undefined)
      pieces.push({ type: "code", text: code.trim() === "" ? code : code.trim() });
    else if (strong !== undefined || strong2 !== undefined)
      pieces.push({ type: "strong", text: strong ?? strong2 ?? "" });
    else if (em !== undefined) pieces.push({ type: "em", text: em });
    else if (linkText !== undefined && href !== undefined)
      pieces.push({ type: "link", text: linkText, href });
    at = match.index + match[0].length;
  }
  if (at < text.length) pieces.push({ type: "text", text: text.slice(at) });
  return pieces;
}

const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;
const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function cells(line: string): Inline[][] {
  return line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((cell) => parseInline(cell.trim()));
}

/** Reads one block starting at `lines[at]`; returns it (or nothing) and the next line. */
type BlockReader = (
  lines: readonly string[],
  at: number,
) => { block?: Block; next: number } | undefined;

const line = (lines: readonly string[], at: number) => lines[at] ?? "";

const readFence: BlockReader = (lines, at) => {
  const fence = /^\s{0,3}(`{3,}|~{3,})/.exec(line(lines, at));
  if (!fence) return undefined;
  const marker = fence[1] ?? "```";
  const body: string[] = [];
  let i = at + 1;
  while (i < lines.length && !line(lines, i).trimStart().startsWith(marker))
    body.push(line(lines, i++));
  return { block: { type: "code", text: body.join("\n") }, next: i + 1 };
};

const readHeading: BlockReader = (lines, at) => {
  const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line(lines, at));
  if (!heading) return undefined;
  const level = heading[1]?.length ?? 1;
  return { block: { type: "heading", level, inline: parseInline(heading[2] ?? "") }, next: at + 1 };
};

const readRule: BlockReader = (lines, at) =>
  /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line(lines, at))
    ? { block: { type: "rule" }, next: at + 1 }
    : undefined;

const readTable: BlockReader = (lines, at) => {
  if (!line(lines, at).includes("|") || !TABLE_RULE.test(line(lines, at + 1))) return undefined;
  const rows: Inline[][][] = [];
  let i = at + 2;
  while (i < lines.length && line(lines, i).includes("|") && line(lines, i).trim() !== "")
    rows.push(cells(line(lines, i++)));
  return { block: { type: "table", head: cells(line(lines, at)), rows }, next: i };
};

const readList: BlockReader = (lines, at) => {
  const first = LIST_ITEM.exec(line(lines, at));
  if (!first) return undefined;
  const items: string[] = [];
  let i = at;
  for (; i < lines.length; i++) {
    const current = line(lines, i);
    const item = LIST_ITEM.exec(current);
    if (item) items.push(item[2] ?? "");
    else if (current.trim() !== "" && /^\s+/.test(current) && items.length > 0)
      items[items.length - 1] += ` ${current.trim()}`;
    else break;
  }
  return {
    block: { type: "list", ordered: /\d/.test(first[1] ?? ""), items: items.map(parseInline) },
    next: i,
  };
};

const readQuote: BlockReader = (lines, at) => {
  const body: string[] = [];
  let i = at;
  while (i < lines.length && /^\s{0,3}>/.test(line(lines, i)))
    body.push(line(lines, i++).replace(/^\s{0,3}>\s?/, ""));
  return body.length === 0
    ? undefined
    : { block: { type: "quote", inline: parseInline(body.join(" ")) }, next: i };
};

const readParagraph: BlockReader = (lines, at) => {
  const body: string[] = [];
  let i = at;
  for (; i < lines.length; i++) {
    const current = line(lines, i);
    if (
      current.trim() === "" ||
      /^\s{0,3}(#{1,6}\s|`{3,}|~{3,}|>)/.test(current) ||
      LIST_ITEM.test(current)
    )
      break;
    body.push(current.trim());
  }
  return {
    block: { type: "paragraph", inline: parseInline(body.join(" ")) },
    next: Math.max(i, at + 1),
  };
};

const READERS: readonly BlockReader[] = [
  readFence,
  readHeading,
  readRule,
  readTable,
  readList,
  readQuote,
  readParagraph,
];

/** The blocks of a Markdown text. */
export function parseMarkdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let at = 0;
  while (at < lines.length) {
    if (line(lines, at).trim() === "") {
      at++;
      continue;
    }
    for (const read of READERS) {
      const found = read(lines, at);
      if (!found) continue;
      if (found.block) blocks.push(found.block);
      at = found.next;
      break;
    }
  }
  return blocks;
}
