import { describe, expect, it } from "vitest";
import { splitShellWords } from "../../../ccw/src/lib/text/shell-words.js";

describe("splitShellWords", () => {
  it.each([
    ["", []],
    ["   ", []],
    ["a b\tc\nd", ["a", "b", "c", "d"]],
    ["  a   b  ", ["a", "b"]],
    ['"a b" c', ["a b", "c"]],
    ["'a b' c", ["a b", "c"]],
    ['K="a b"', ["K=a b"]],
    ["a'b'\"c\"d", ["abcd"]],
    ['""', [""]],
    ["''", [""]],
    ["a '' b", ["a", "", "b"]],
    ['"\\"quoted\\" \\\\ \\$ \\`"', ['"quoted" \\ $ `']],
    ['"keep \\n and \\x"', ["keep \\n and \\x"]],
    ["'no \\escapes here'", ["no \\escapes here"]],
    ["a\\ b", ["a b"]],
    ["\\'", ["'"]],
    ["a\\\nb", ["ab"]],
    ['"a\\\nb"', ["ab"]],
    ["#42 fix", ["#42", "fix"]],
    ["$HOME ~ *", ["$HOME", "~", "*"]],
  ])("%j", (text, words) => {
    expect(splitShellWords(text)).toEqual({ ok: true, words });
  });

  it.each([
    ['"open', /^unclosed double quote in the arguments, starting at "open;/],
    ["a 'open", /^unclosed single quote in the arguments, starting at 'open;/],
    ['"\\"', /^unclosed double quote/],
    ["end\\", /^the arguments end with a lone backslash/],
  ])("reports %j", (text, error) => {
    const result = splitShellWords(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });

  it("shortens a long unclosed quote in the message", () => {
    const result = splitShellWords(`"${"x".repeat(80)}`);
    expect(result).toEqual({
      ok: false,
      error: `unclosed double quote in the arguments, starting at "${"x".repeat(29)}...; close it or escape it with a backslash`,
    });
  });
});
