/**
 * Where in a JSON document an offset lies, as a JSON path (`$.command_chain[1].status`): used
 * to say where a truncated or malformed state.json breaks. A small scanner that tracks the
 * open objects and arrays; it never evaluates values.
 */

type Frame =
  | { kind: "object"; key: string | undefined; awaitingKey: boolean }
  | { kind: "array"; index: number };

/** The JSON path of the value being read at `offset` in `text`. */
export function jsonPathAt(text: string, offset: number): string {
  const stack: Frame[] = [];
  let lastString: string | undefined;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const char = text[i];
    const top = stack[stack.length - 1];
    if (char === '"') {
      let value = "";
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === "\\") j++;
        value += text[j] ?? "";
      }
      lastString = value;
      if (top?.kind === "object" && top.awaitingKey) top.key = value;
      i = j;
    } else if (char === "{") {
      stack.push({ kind: "object", key: undefined, awaitingKey: true });
    } else if (char === "[") {
      stack.push({ kind: "array", index: 0 });
    } else if (char === "}" || char === "]") {
      stack.pop();
    } else if (char === ":" && top?.kind === "object") {
      top.awaitingKey = false;
      top.key = lastString;
    } else if (char === "," && top) {
      if (top.kind === "array") top.index++;
      else {
        top.awaitingKey = true;
        top.key = undefined;
      }
    }
  }
  let path = "$";
  for (const frame of stack) {
    if (frame.kind === "array") path += `[${frame.index}]`;
    else if (frame.key !== undefined && !frame.awaitingKey) path += `.${frame.key}`;
  }
  return path;
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** The offset a JSON.parse SyntaxError points at (`position N`), or the end of the text. */
export function syntaxErrorOffset(error: unknown, text: string): number {
  const message = error instanceof Error ? error.message : "";
  const position = positionIn(message);
  if (position !== undefined) return position;
  if (message.includes("Unexpected end of JSON input")) return text.length;
  // V8 names no position for an unexpected token ("Unexpected token 'h', "hello" is not valid
  // JSON"): the error is where the longest prefix that can still start a document ends.
  let viable = 0;
  let broken = text.length;
  while (broken - viable > 1) {
    const middle = Math.floor((viable + broken) / 2);
    if (canStartDocument(text.slice(0, middle))) viable = middle;
    else broken = middle;
  }
  return broken - 1;
}

function positionIn(message: string): number | undefined {
  const match = /position (\d+)/.exec(message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Whether `prefix` is a JSON document or the beginning of one. */
function canStartDocument(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (message.includes("Unexpected end of JSON input")) return true;
    const position = positionIn(message);
    return position !== undefined && position >= prefix.length;
  }
}

/**
 * What a JSON.parse error says, on one line and without where it happened: newer Nodes embed
 * an excerpt of the text (which may hold line breaks) and the position, both said better by
 * `file:line:column`.
 */
export function jsonErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const withoutExcerpt = message.replace(/, "[\s\S]*" is not valid JSON$/, "");
  const withoutPosition = withoutExcerpt
    .replace(/ in JSON at position \d+[\s\S]*$/, "")
    .replace(/ \(line \d+ column \d+\)$/, "");
  const line = withoutPosition.split(/\r?\n/)[0]?.trim() ?? "";
  return line === "" ? "not valid JSON" : line;
}
