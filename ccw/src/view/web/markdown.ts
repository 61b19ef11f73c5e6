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

/** The blocks of a Markdown text. */
export function parseMarkdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    if (line.trim() === "") {
      i++;
      continue;
    }
    const fence = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      const marker = fence[1] ?? "```";
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? "").trimStart().startsWith(marker))
        body.push(lines[i++] ?? "");
      i++;
      blocks.push({ type: "code", text: body.join("\n") });
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      blocks.push({
        type: "heading",
        level: heading[1]?.length ?? 1,
        inline: parseInline(heading[2] ?? ""),
      });
      i++;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ type: "rule" });
      i++;
      continue;
    }
    if (line.includes("|") && TABLE_RULE.test(lines[i + 1] ?? "")) {
      const head = cells(line);
      const rows: Inline[][][] = [];
      i += 2;
      while (i < lines.length && (lines[i] ?? "").includes("|") && (lines[i] ?? "").trim() !== "")
        rows.push(cells(lines[i++] ?? ""));
      blocks.push({ type: "table", head, rows });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = /\d/.test(item[1] ?? "");
      const items: string[] = [];
      while (i < lines.length) {
        const current = lines[i] ?? "";
        const next = LIST_ITEM.exec(current);
        if (next) items.push(next[2] ?? "");
        else if (current.trim() !== "" && /^\s+/.test(current) && items.length > 0)
          items[items.length - 1] += ` ${current.trim()}`;
        else break;
        i++;
      }
      blocks.push({ type: "list", ordered, items: items.map(parseInline) });
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i] ?? ""))
        body.push((lines[i++] ?? "").replace(/^\s{0,3}>\s?/, ""));
      blocks.push({ type: "quote", inline: parseInline(body.join(" ")) });
      continue;
    }
    const body: string[] = [];
    while (i < lines.length) {
      const current = lines[i] ?? "";
      if (
        current.trim() === "" ||
        /^\s{0,3}(#{1,6}\s|`{3,}|~{3,}|>)/.test(current) ||
        LIST_ITEM.test(current)
      )
        break;
      body.push(current.trim());
      i++;
    }
    blocks.push({ type: "paragraph", inline: parseInline(body.join(" ")) });
  }
  return blocks;
}
