import { describe, expect, it } from "vitest";
import {
  type ExpansionInput,
  expandPrompt,
  listPlaceholders,
  listPlaceholdersInBytes,
} from "../../../ccw/src/tools/registry/prompt-expansion.js";

const args = (text: string): ExpansionInput => ({ kind: "args", args: text });
const argv = (...words: string[]): ExpansionInput => ({ kind: "argv", args: words });
const bind = (bindings: Record<string, string>, positional?: string[]): ExpansionInput =>
  positional ? { kind: "bindings", bindings, positional } : { kind: "bindings", bindings };

describe("listPlaceholders", () => {
  it.each([
    ["no placeholders", "Just text, $0 costs, $ 5 and $lower", "none", [], []],
    ["named, sorted and unique", "$USER on $BRANCH, again $USER", "named", ["BRANCH", "USER"], []],
    ["digits and underscores", "$TICKET_ID and $V2", "named", ["TICKET_ID", "V2"], []],
    ["positional", "$2 then $1 then $ARGUMENTS", "positional", [], ["$1", "$2", "$ARGUMENTS"]],
    ["$ARGUMENTS alone is positional", "all: $ARGUMENTS", "positional", [], ["$ARGUMENTS"]],
    ["a named token makes it named", "$1 and $TASK", "named", ["TASK"], []],
    ["$$ escapes", "$$TASK and $$1", "none", [], []],
    ["$$$ escapes one, then a token", "$$$TASK", "named", ["TASK"], []],
    ["$ARGUMENTSX is a name", "$ARGUMENTSX", "named", ["ARGUMENTSX"], []],
    ["$10 is $1 then 0", "$10", "positional", [], ["$1"]],
    ["$0 is not a placeholder", "$0", "none", [], []],
  ])("%s", (_title, body, mode, named, positional) => {
    expect(listPlaceholders(body)).toEqual({ mode, named, positional });
  });
});

describe("listPlaceholdersInBytes", () => {
  it("finds exactly what listPlaceholders finds in the text, multi-byte characters included", () => {
    const pieces = [
      "$",
      "$$",
      "$1",
      "$9",
      "$0",
      "$A",
      "$TASK",
      "$ARGUMENTS",
      "$ARGUMENTSX",
      "$a",
      "é",
      "日本",
      "🚀",
      "x",
      " ",
      "\n",
      "_",
      "Z9",
    ];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 2000; round++) {
      const text = Array.from({ length: random(12) }, () => pieces[random(pieces.length)]).join("");
      const bytes = new TextEncoder().encode(text);
      expect(listPlaceholdersInBytes(bytes), JSON.stringify(text)).toEqual(listPlaceholders(text));
      expect(listPlaceholdersInBytes(Buffer.from(bytes))).toEqual(listPlaceholders(text));
    }
  });
});

describe("expandPrompt: named mode", () => {
  it.each([
    [
      "fills every name",
      "Review $USER on $BRANCH",
      args("USER=Alice BRANCH=main"),
      "Review Alice on main",
    ],
    ["double quotes keep spaces", "Pair $USER", args('USER="Alice Smith"'), "Pair Alice Smith"],
    ["single quotes are literal", "Say $MSG", args("MSG='a \"b\" $c'"), 'Say a "b" $c'],
    ["quotes in the middle of a word", "$K", args('K=a" b "c'), "a b c"],
    ["backslash escapes a space", "$K", args("K=a\\ b"), "a b"],
    ["splits at the first =", "$EXPR", args("EXPR=a=b"), "a=b"],
    ["an empty value", "[$K]", args('K=""'), "[]"],
    ["K= is an empty value too", "[$K]", args("K="), "[]"],
    ["the last of a repeated key wins", "$K", args("K=1 K=2"), "2"],
    ["extra keys are ignored", "$K", args("K=1 OTHER=2 lower=3"), "1"],
    ["argv words are not split again", "$K", argv("K=two words"), "two words"],
    ["$1 stays as written", "$K $1", args("K=x"), "x $1"],
    ["$ARGUMENTS stays unless given", "$K $ARGUMENTS", args("K=x"), "x $ARGUMENTS"],
    ["ARGUMENTS= fills it", "$K $ARGUMENTS", args("K=x ARGUMENTS=y"), "x y"],
    ["$$ becomes one $", "$$5 for $K, $$K stays", args("K=x"), "$5 for x, $K stays"],
    ["values are not expanded again", "$A $B", args("A=$B B=$$"), "$B $$"],
    ["# does not start a comment", "$K", args("K=#42"), "#42"],
    ["a lone $ stays", "$ and $K", args("K=x"), "$ and x"],
  ])("%s", (_title, body, input, text) => {
    expect(expandPrompt(body, input)).toEqual({ ok: true, text });
  });

  it.each([
    [
      "a word without =",
      "Review $USER",
      args("USER=Alice stray"),
      "expected KEY=value but found 'stray': this prompt takes named arguments (USER); quote values that contain spaces, e.g. USER=\"two words\"",
    ],
    [
      "an unquoted value with a space",
      "$TASK",
      args("TASK=fix the bug"),
      "expected KEY=value but found 'the': this prompt takes named arguments (TASK); quote values that contain spaces, e.g. TASK=\"two words\"",
    ],
    [
      "an empty name",
      "$USER",
      args("=Alice"),
      "expected a name before '=' in '=Alice'; write it as KEY=value, e.g. USER=value",
    ],
    [
      "one missing key",
      "Review $USER on $BRANCH",
      args("USER=Alice"),
      "missing required argument BRANCH; give each as KEY=value (quote values with spaces)",
    ],
    [
      "every missing key, in order of appearance",
      "$USER $BRANCH $TASK",
      args(""),
      "missing required arguments USER, BRANCH, TASK; give each as KEY=value (quote values with spaces)",
    ],
    [
      "missing keys with unused ones named",
      "$TASK",
      argv("TSK=x"),
      "missing required argument TASK; give each as KEY=value (quote values with spaces) (given but not used by this prompt: TSK)",
    ],
    [
      "an unclosed double quote",
      "$TASK",
      args('TASK="fix it'),
      'unclosed double quote in the arguments, starting at "fix it; close it or escape it with a backslash',
    ],
    [
      "an unclosed single quote",
      "$TASK",
      args("TASK='fix it"),
      "unclosed single quote in the arguments, starting at 'fix it; close it or escape it with a backslash",
    ],
    [
      "a trailing backslash",
      "$TASK",
      args("TASK=x\\"),
      "the arguments end with a lone backslash; remove it or write \\\\ for a backslash",
    ],
  ])("reports %s", (_title, body, input, error) => {
    expect(expandPrompt(body, input)).toEqual({ ok: false, error });
  });
});

describe("expandPrompt: positional mode", () => {
  it.each([
    ["fills $1..$9", "$1-$2-$9", args("a b c d e f g h i"), "a-b-i"],
    ["missing positionals are empty", "[$1][$2][$3]", args("a"), "[a][][]"],
    ["$ARGUMENTS joins all with one space", "<$ARGUMENTS>", args("a   'b c'  d"), "<a b c d>"],
    ["$ARGUMENTS with no arguments is empty", "<$ARGUMENTS>", args(""), "<>"],
    [
      "the tenth argument only reaches $ARGUMENTS",
      "$9|$ARGUMENTS",
      args("1 2 3 4 5 6 7 8 9 10"),
      "9|1 2 3 4 5 6 7 8 9 10",
    ],
    ["$10 is $1 followed by 0", "$10", args("x"), "x0"],
    ["KEY=value is just a word here", "$1", args("K=v"), "K=v"],
    ["$$ becomes one $", "$$1 is $1", args("x"), "$1 is x"],
    ["argv words are used as given", "$1|$2", argv("a b", "c"), "a b|c"],
    ["values are not expanded again", "$1 $2", argv("$2", "$ARGUMENTS"), "$2 $ARGUMENTS"],
    [
      "no placeholders: text unchanged",
      "Plain $lower text",
      args("ignored words"),
      "Plain $lower text",
    ],
    ["a backslash-newline joins words", "$1", args("a\\\nb"), "ab"],
  ])("%s", (_title, body, input, text) => {
    expect(expandPrompt(body, input)).toEqual({ ok: true, text });
  });

  it("reports an unclosed quote in positional arguments too", () => {
    expect(expandPrompt("$1", args('"open'))).toEqual({
      ok: false,
      error:
        'unclosed double quote in the arguments, starting at "open; close it or escape it with a backslash',
    });
  });
});

describe("expandPrompt: bindings", () => {
  it.each([
    [
      "named from the map",
      "Do $TASK in $ARTIFACT_DIR",
      bind({ TASK: "x", ARTIFACT_DIR: "/a" }),
      "Do x in /a",
    ],
    ["extra bindings are fine", "$TASK", bind({ TASK: "x", DEPTH: "deep" }), "x"],
    [
      "values are literal",
      "$TASK",
      bind({ TASK: "cost $5 and $$ $ARTIFACT_DIR" }),
      "cost $5 and $$ $ARTIFACT_DIR",
    ],
    ["positional from the list", "$1/$2/$ARGUMENTS", bind({}, ["a", "b c"]), "a/b c/a b c"],
    ["positional missing is empty", "[$1]", bind({ TASK: "x" }), "[]"],
    ["named mode ignores the list", "$TASK $1", bind({ TASK: "x" }, ["p"]), "x $1"],
  ])("%s", (_title, body, input, text) => {
    expect(expandPrompt(body, input)).toEqual({ ok: true, text });
  });

  it("names every missing binding in one error", () => {
    expect(expandPrompt("$TASK $SESSION_DIR $EXTRA", bind({ SESSION_DIR: "/s" }))).toEqual({
      ok: false,
      error: "no value bound for placeholders $TASK, $EXTRA",
    });
  });

  it("does not take inherited properties as bindings", () => {
    expect(expandPrompt("$TASK", bind(Object.create({ TASK: "inherited" })))).toEqual({
      ok: false,
      error: "no value bound for placeholder $TASK",
    });
  });
});
