import { describe, expect, it } from "vitest";
import {
  compileRgPattern,
  matchesSomeLine,
  parseVerifyCell,
  splitWords,
} from "../../ccw/src/evidence/verify-command.js";

describe("splitWords", () => {
  it.each([
    ["Test-Path a/b.md", ["Test-Path", "a/b.md"]],
    ['rg "a b" f', ["rg", "a b", "f"]],
    ["rg 'a \\b' f", ["rg", "a \\b", "f"]],
    ['rg "a\\"b\\\\c\\d" f', ["rg", 'a"b\\c\\d', "f"]],
    ['rg "x|y" f', ["rg", "x|y", "f"]],
    ['rg "end$" f', ["rg", "end$", "f"]],
    ['rg x"y z"w f', ["rg", "xy zw", "f"]],
    ["  spaced   out  ", ["spaced", "out"]],
  ])("%s", (text, words) => {
    expect(splitWords(text)).toEqual({ words });
  });

  it.each([
    ['rg "x f', 'it has an unterminated " quote'],
    ["rg 'x f", "it has an unterminated ' quote"],
    ["Test-Path a | head", "it uses shell syntax (|) and the gate runs no shell"],
    ["Test-Path a; rm -rf b", "it uses shell syntax (;) and the gate runs no shell"],
    ["Test-Path $(touch pwned)", "it uses shell syntax ($) and the gate runs no shell"],
    ["Test-Path a && b", "it uses shell syntax (&) and the gate runs no shell"],
    ["Test-Path a > b", "it uses shell syntax (>) and the gate runs no shell"],
  ])("refuses %s", (text, reason) => {
    expect(splitWords(text)).toEqual({ reason });
  });
});

describe("parseVerifyCell", () => {
  it.each([
    ["Test-Path docs/cli.md", { form: "test-path", path: "docs/cli.md" }],
    ["test-path docs/cli.md", { form: "test-path", path: "docs/cli.md" }],
    ["Test-Path -Path docs/cli.md", { form: "test-path", path: "docs/cli.md" }],
    ["Test-Path -LiteralPath 'docs/a b.md'", { form: "test-path", path: "docs/a b.md" }],
    ["`Test-Path docs/cli.md`", { form: "test-path", path: "docs/cli.md" }],
    ["Test-Path `docs/cli.md`", { form: "test-path", path: "docs/cli.md" }],
    ['rg "^## Exit" docs/cli.md', { form: "rg", pattern: "^## Exit", path: "docs/cli.md" }],
    ["rg 'a|b' `docs/cli.md`", { form: "rg", pattern: "a|b", path: "docs/cli.md" }],
    [
      '`rg "State File Structure" docs/x.md`',
      { form: "rg", pattern: "State File Structure", path: "docs/x.md" },
    ],
  ])("runs %s", (cell, command) => {
    expect(parseVerifyCell(cell)).toMatchObject({ kind: "command", command });
  });

  it("reads an empty cell as empty", () => {
    expect(parseVerifyCell("  ")).toEqual({ kind: "empty", text: "" });
  });

  it.each([
    ["npm test", 'only Test-Path <path> and rg "<regex>" <path> are checkable'],
    ["RG x f", 'only Test-Path <path> and rg "<regex>" <path> are checkable'],
    ["Test-Path", "Test-Path needs exactly one path and no other options"],
    ["Test-Path a b", "Test-Path needs exactly one path and no other options"],
    ["Test-Path -PathType Leaf a", "Test-Path needs exactly one path and no other options"],
    ['rg -n "x" f', 'rg needs exactly a "<regex>" and one path, without options'],
    ['rg "x"', 'rg needs exactly a "<regex>" and one path, without options'],
    ['rg "x" a b', 'rg needs exactly a "<regex>" and one path, without options'],
    [
      'rg "x" f | wc -l',
      'it uses shell syntax (|) and the gate runs no shell; only Test-Path <path> and rg "<regex>" <path> are checkable',
    ],
  ])("cannot check %s", (cell, reason) => {
    expect(parseVerifyCell(cell)).toEqual({ kind: "unsupported", text: cell, reason });
  });
});

describe("compileRgPattern", () => {
  const matches = (pattern: string, line: string) => {
    const compiled = compileRgPattern(pattern);
    if ("error" in compiled) throw new Error(compiled.error);
    return compiled.regex.test(line);
  };

  it.each([
    ["^## Exit", "## Exit codes", true],
    ["export (async )?function main", "export async function main(", true],
    ["\\bmain\\b", "domain", false],
    ["(?i)exit codes", "## EXIT CODES", true],
    ["exit codes", "## EXIT CODES", false],
    ["\\p{Lu}{3}", "ABC", true],
    ["a\\-b", "a-b", true],
  ])("%s on %j → %s", (pattern, line, expected) => {
    expect(matches(pattern, line)).toBe(expected);
  });

  it("reports an invalid pattern with the engine's reason", () => {
    expect(compileRgPattern("(unclosed")).toEqual({ error: "Unterminated group" });
  });
});

describe("matchesSomeLine", () => {
  it("matches line by line", () => {
    expect(matchesSomeLine(/^b$/, "a\nb\r\nc")).toBe(true);
    expect(matchesSomeLine(/^a b$/, "a\nb")).toBe(false);
  });

  it("gives up on a pattern that backtracks without end instead of hanging", () => {
    expect(matchesSomeLine(/^(a+)+$/u, `${"a".repeat(40)}!`, 100)).toBe("too-slow");
  });
});
