import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import {
  displayWidth,
  fitLines,
  fitToStream,
  padEndToWidth,
  truncateToWidth,
} from "../../../ccw/src/lib/text/display-width.js";

describe("displayWidth", () => {
  it.each([
    ["abc", 3],
    ["【", 2],
    ["修复登录", 8],
    ["a→b", 3],
    ["ｆｕｌｌ", 8],
    ["e\u0301", 1],
    ["\u001b[1mbold\u001b[22m", 4],
    ["", 0],
  ])("%j takes %i columns", (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe("padEndToWidth", () => {
  it("pads by columns, so a Chinese cell lines up with a Latin one", () => {
    const cells = ["修复", "fix"].map((cell) => `${padEndToWidth(cell, 6)}|`);
    expect(cells).toEqual(["修复  |", "fix   |"]);
    expect(cells.map(displayWidth)).toEqual([7, 7]);
  });
});

describe("truncateToWidth", () => {
  it.each([
    ["short", 10, "short"],
    ["exactly10!", 10, "exactly10!"],
    ["a longer line", 8, "a longe…"],
    ["修复登录超时的问题", 9, "修复登录…"],
    ["修复登录超时的问题", 10, "修复登录…"],
    ["ab修复", 4, "ab…"],
    ["anything", 1, "…"],
    ["anything", 0, ""],
  ])("%j to %i columns is %j", (text, max, expected) => {
    const cut = truncateToWidth(text, max);
    expect(cut).toBe(expected);
    expect(displayWidth(cut)).toBeLessThanOrEqual(Math.max(max, 0));
  });

  it("keeps colour sequences and closes them after the ellipsis", () => {
    const cut = truncateToWidth("\u001b[2mdimmed text here\u001b[22m", 6);
    expect(cut).toBe("\u001b[2mdimme…\u001b[0m");
    expect(displayWidth(cut)).toBe(6);
  });
});

describe("fitLines / fitToStream", () => {
  const view =
    "codex-coord-20261206 · feature · medium\nintent: 给登录页加一个超时提示并且写测试\n";

  it("cuts every line to a 60-column terminal and keeps the line count", () => {
    const narrow = "x".repeat(80);
    const fitted = fitToStream(`${narrow}\n${view}`, { isTTY: true, columns: 60 });
    const lines = fitted.split("\n");
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    expect(lines[0]).toBe(`${"x".repeat(59)}…`);
  });

  it("leaves piped output whole", () => {
    expect(fitToStream(`${"y".repeat(200)}\n`, { isTTY: false, columns: 60 })).toBe(
      `${"y".repeat(200)}\n`,
    );
    expect(fitLines("abc", undefined)).toBe("abc");
  });
});

describe("displayWidth's own count, against string-width", () => {
  // The ranges displayWidth counts without string-width (SIMPLE_TEXT in display-width.ts).
  const ranges: [number, number][] = [
    [0x20, 0x7e],
    [0xa0, 0xac],
    [0xae, 0x2ff],
    [0x2010, 0x2027],
    [0x2030, 0x205e],
    [0x2070, 0x20cf],
    [0x2100, 0x2bff],
    [0x3000, 0x3029],
    [0x3030, 0x303f],
    [0x3041, 0x3096],
    [0x309b, 0x30ff],
    [0x4e00, 0x9fff],
    [0xac00, 0xd7a3],
    [0xff01, 0xff60],
    [0xffe0, 0xffe6],
  ];

  it("gives every character of those ranges the width string-width gives it", () => {
    const differ: string[] = [];
    for (const [from, to] of ranges) {
      for (let code = from; code <= to; code++) {
        const char = String.fromCharCode(code);
        const expected = stringWidth(char);
        if (displayWidth(char) !== expected) differ.push(`U+${code.toString(16)}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it("sums them in text, colours left out", () => {
    for (const text of [
      "intent →【issue-discover → issue-plan】→ resolved",
      "  └ Issue Workflow ┘",
      "修复支付服务中的问题 · ✓ done …",
      "\u001b[1m中文\u001b[0m → ✗",
    ]) {
      expect(displayWidth(text)).toBe(stringWidth(text));
    }
  });

  it("leaves emoji, combining marks and joiners to string-width", () => {
    for (const text of ["e\u0301", "👩‍💻 dev", "☀\ufe0f", "a\u200bb", "ｶﾞ"]) {
      expect(displayWidth(text)).toBe(stringWidth(text));
    }
  });
});
