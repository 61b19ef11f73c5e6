/**
 * The little Markdown the evidence gate needs: which lines are prose (not fenced code or
 * frontmatter), GFM table rows, and ATX headings.
 */

/** One line of a Markdown file, numbered from 1. */
export interface MarkdownLine {
  readonly number: number;
  readonly text: string;
  /** False inside fenced code blocks (fences included) and the leading frontmatter block. */
  readonly prose: boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Splits `text` into lines and marks which of them are prose. */
export function markdownLines(text: string): MarkdownLine[] {
  const raw = text.split(/\r?\n/);
  const lines: MarkdownLine[] = [];
  let fence: string | undefined;
  let frontmatter = raw[0]?.trimEnd() === "---";
  raw.forEach((line, index) => {
    const number = index + 1;
    if (frontmatter) {
      lines.push({ number, text: line, prose: false });
      if (index > 0 && /^(---|\.\.\.)\s*$/.test(line)) frontmatter = false;
      return;
    }
    if (fence !== undefined) {
      lines.push({ number, text: line, prose: false });
      const close = FENCE.exec(line);
      const marker = close?.[1];
      if (
        marker !== undefined &&
        marker[0] === fence[0] &&
        marker.length >= fence.length &&
        line.trim() === marker
      ) {
        fence = undefined;
      }
      return;
    }
    const open = FENCE.exec(line)?.[1];
    // A backtick fence whose info string holds a backtick is inline code, not a fence.
    if (open !== undefined && !(open[0] === "`" && line.trim().slice(open.length).includes("`"))) {
      fence = open;
      lines.push({ number, text: line, prose: false });
      return;
    }
    lines.push({ number, text: line, prose: true });
  });
  return lines;
}

/** Whether a prose line is a table row: it starts with `|` (after at most 3 spaces). */
export function isTableRow(line: MarkdownLine): boolean {
  return line.prose && /^ {0,3}\|/.test(line.text);
}

/**
 * The cells of a GFM table row, trimmed: unescaped `|` separates cells and `\|` stands for a
 * literal pipe; the leading and trailing pipes are optional.
 */
export function splitTableRow(text: string): string[] {
  let body = text.trim();
  if (body.startsWith("|")) body = body.slice(1);
  if (body.endsWith("|") && !body.endsWith("\\|")) body = body.slice(0, -1);
  const cells: string[] = [];
  let current = "";
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i];
    if (char === "\\" && body[i + 1] === "|") {
      current += "|";
      i += 1;
    } else if (char === "|") {
      cells.push(current.trim());
      current = "";
    } else {
      current += char;
    }
  }
  cells.push(current.trim());
  return cells;
}

/** Whether `cells` form a GFM delimiter row (`|---|:--:|`). */
export function isDelimiterRow(cells: readonly string[]): boolean {
  return cells.length > 0 && cells.every((cell) => /^:?-+:?$/.test(cell));
}

/** An ATX heading (`#` to `######`) outside code and frontmatter. */
export interface MarkdownHeading {
  readonly line: number;
  readonly level: number;
  /** The heading's text without the `#` marks and the optional closing sequence. */
  readonly text: string;
}

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;

/** Every ATX heading of a Markdown text, in order. */
export function listHeadings(text: string): MarkdownHeading[] {
  const headings: MarkdownHeading[] = [];
  for (const line of markdownLines(text)) {
    if (!line.prose) continue;
    const match = ATX_HEADING.exec(line.text);
    const marks = match?.[1];
    if (match === null || marks === undefined) continue;
    const content = (match[2] ?? "").replace(/(?:^|[ \t]+)#+$/, "").trim();
    headings.push({ line: line.number, level: marks.length, text: content });
  }
  return headings;
}
