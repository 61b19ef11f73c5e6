import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseSimpleMapping } from "../../../ccw/src/tools/registry/simple-yaml.js";

/** What the `yaml` package makes of a frontmatter block (`{}` for an empty one). */
function reference(text: string): unknown {
  return parse(text, { uniqueKeys: true }) ?? {};
}

const FAST = [
  "description: Quick review\n",
  'description: "Quoted: with # and : inside"\n',
  "description: 'single \\ quoted'\n",
  'argument-hint: TASK="<goal>" ARTIFACT_DIR=<folder> DEPTH=standard|deep\n',
  "allowed-tools: Read, Write, Bash(git:*)\n",
  "a: b\n\n\nc: d",
  "a: b\r\nc: d\r\n",
  "empty:\nnext: x\n",
  "spaces:    \nnext: x   \n",
  "tags: [plan, review]\n",
  "tags: []\n",
  "tools:\n  - Read\n  - Write\nmodel: opus\n",
  "tools:\n- Read\n- 'Bash(git:*)'\n",
  "description: |\n  line one\n  line two\nx: y\n",
  "description: |-\n  line one\n  line two\n",
  "description: >-\n  folded over\n  two lines\n",
  "description: >\n  folded\n  with clip\n\nnext: y\n",
  "key_with-dash_1: value with 'quotes' and \"double\" inside\n",
  "b: yes\n",
  "url: http://example.com/a?b=c\n",
  "",
  "\n\n",
];

const FALLBACK = [
  "# comment\nkey: v\n",
  "key: v # trailing comment\n",
  "n: 12\n",
  "f: 1.5\n",
  "b: true\n",
  "nil: ~\n",
  "emoji: surrogate pairs 🚀\n",
  "c: C# and F#m\n",
  "nil: null\n",
  "date: 2024-01-01\n",
  "neg: -1\n",
  "dash: - item\n",
  "star: *alias\n",
  "anchor: &a value\n",
  "tag: !tag value\n",
  "nested:\n  inner: 1\n",
  "nested:\n  inner: x\n",
  "indented:\n    - a\n  - b\n",
  "list:\n  - - nested\n",
  "list:\n  - key: value\n",
  "list:\n  -\n",
  "seq: [a, [b]]\n",
  "seq: [a, b,]\n",
  "seq: [ ]\n",
  "seq: ['a', b]\n",
  "seq: [1, 2]\n",
  "map: {a: 1}\n",
  "block: |+\n  keep\n\n",
  "block: |2\n  indented\n",
  "block: |\n  a\n\n  b\n",
  "block: >\n  a\n    more\n  b\n",
  "block: |\n  trailing space \n",
  "block: |\nnot indented\n",
  'dq: "escape \\n here"\n',
  "sq: 'it''s'\n",
  "colon: a: b\n",
  "ends: with:\n",
  "tab:\tvalue\n",
  "key:value\n",
  " leading: space\n",
  "? complex\n: key\n",
  "dup: 1x\ndup: 2x\n",
  "__proto__: x\n",
  "null: x\n",
  "true: x\n",
  "multi: line\n  continued\n",
  "%YAML 1.2\n",
  "...\n",
  "ws:   \n   \n",
  "ctrl: a\u0007b\n",
  "bom: \ufeffx\n",
];

describe("parseSimpleMapping", () => {
  it.each(FAST)("takes the fast path for %j and agrees with yaml", (text) => {
    const fast = parseSimpleMapping(text);
    expect(fast).toBeDefined();
    expect(fast?.values).toEqual(reference(text));
  });

  it.each(FALLBACK)("leaves %j to the yaml package", (text) => {
    expect(parseSimpleMapping(text)).toBeUndefined();
  });

  it("records the line of every key", () => {
    const fast = parseSimpleMapping("a: x1\n\ntools:\n  - x\nd: |\n  t\ne: y\n");
    expect(fast && Object.fromEntries(fast.keyLines)).toEqual({ a: 0, tools: 2, d: 4, e: 6 });
  });

  it("agrees with yaml on every generated block it accepts", () => {
    // A seeded generator of blocks mixing simple and tricky pieces; any disagreement is a bug.
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const scalars = [
      "plain",
      "two words",
      "a:b",
      "a :b",
      "x#y",
      "x #y",
      "'q'",
      '"dq"',
      "'it''s'",
      "-x",
      "x-",
      "1x",
      "0",
      "1.0",
      ".5",
      "yes",
      "No",
      "null",
      "~",
      "true",
      "[a]",
      "[a, b]",
      "[]",
      "{a: 1}",
      "@at",
      "`tick`",
      "%pct",
      "!bang",
      "&amp",
      "*star",
      "a, b",
      "ü",
      "x\\y",
      '"a\\"b"',
      "|",
      ">-",
      "a: b",
      "end:",
      "<goal>",
      "$TASK",
      "C#",
      "   ",
    ];
    const keys = ["a", "b", "description", "argument-hint", "x_y", "1", "true", "a b", "k:"];
    let accepted = 0;
    for (let round = 0; round < 3000; round++) {
      const lines: string[] = [];
      const count = 1 + random(4);
      for (let i = 0; i < count; i++) {
        const key = keys[random(keys.length)];
        const kind = random(6);
        if (kind === 0) {
          lines.push(
            `${key}:`,
            ...Array.from(
              { length: random(3) },
              () => `${" ".repeat(random(3))}- ${scalars[random(scalars.length)]}`,
            ),
          );
        } else if (kind === 1) {
          lines.push(
            `${key}: ${["|", "|-", ">", ">-", "|+"][random(5)]}`,
            `  ${scalars[random(scalars.length)]}`,
            `  ${scalars[random(scalars.length)]}`,
          );
        } else {
          lines.push(`${key}: ${scalars[random(scalars.length)]}`);
        }
        if (random(4) === 0) lines.push("");
      }
      const text = `${lines.join("\n")}\n`;
      const fast = parseSimpleMapping(text);
      if (fast === undefined) continue;
      accepted++;
      let expected: unknown;
      try {
        expected = reference(text);
      } catch (error) {
        throw new Error(
          `fast path accepted ${JSON.stringify(text)} but yaml fails: ${String(error)}`,
        );
      }
      expect(fast.values, JSON.stringify(text)).toEqual(expected);
    }
    expect(accepted).toBeGreaterThan(300);
  });
});
