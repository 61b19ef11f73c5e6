import { Command } from "commander";
import { describe, expect, it } from "vitest";
import {
  ccwInvocations,
  checkInvocation,
  codeSnippets,
  fileReferences,
  tableAfter,
} from "./command-refs.js";

/** A stand-in for ccw's program: `ccw tool run [--fast|-f] [--level <n>]`, `ccw tool list`. */
function program(): Command {
  const root = new Command("ccw");
  const tool = root.command("tool");
  tool
    .command("run")
    .alias("go")
    .argument("[target]")
    .option("-f, --fast", "fast")
    .option("--level <n>", "level");
  tool.command("list").option("--json", "json");
  return root;
}

const DOC = [
  "Run `ccw tool run <target> --fast` or `ccw tool go -f --level=2`.",
  "",
  "```bash",
  "ccw tool list --json",
  "```",
  "",
  "```text",
  "ccw tool run [--fast|-f] [--level <n>] [--slow]",
  "```",
  "",
  "Never `ccw tool` alone, nor `ccw tools list`, nor `ccw tool run 'say --slow'`.",
  "Files: `state.json`, `steps/<NN>-<prompt>/`, `docs/x.md`, `.workflow/.codex-coordinator/`, `not a file`.",
].join("\n");

describe("ccwInvocations", () => {
  it("finds ccw command lines in inline code and fenced blocks, quotes opaque", () => {
    expect(ccwInvocations(DOC).map((i) => [i.words.join(" "), i.runnable])).toEqual([
      ["tool run <target> --fast", false],
      ["tool go -f --level=2", false],
      ["tool list --json", true],
      ["tool run --fast -f --level <n> --slow", false],
      ["tool", false],
      ["tools list", false],
      ["tool run ARG", false],
    ]);
  });
});

describe("checkInvocation", () => {
  const check = (words: string) =>
    checkInvocation(program(), { words: words.split(" "), source: words, runnable: true });

  it.each([
    ["tool run <target> --fast", []],
    ["tool go -f --level=2", []],
    ["tool list --json --help", []],
    ["tool run --slow", ["tool run --slow: ccw tool run has no option --slow"]],
    ["tool list --fast", ["tool list --fast: ccw tool list has no option --fast"]],
    ["tools list", ['tools list: ccw has no command "tools"']],
    ["tool", ["tool: ccw tool needs a subcommand"]],
    ["tool ...", []],
    [
      "tool walk --fast",
      [
        "tool walk --fast: ccw tool has no subcommand walk",
        "tool walk --fast: ccw tool has no option --fast",
      ],
    ],
  ])("%s", (words, problems) => {
    expect(check(words)).toEqual(problems);
  });
});

describe("fileReferences", () => {
  it("keeps names that look like files or folders (and lets prose name a group)", () => {
    expect(
      checkInvocation(program(), { words: ["tool"], source: "tool", runnable: false }),
      "prose may name a command group",
    ).toEqual([]);
    expect(fileReferences(DOC)).toEqual([
      "state.json",
      "steps/<NN>-<prompt>/",
      "docs/x.md",
      ".workflow/.codex-coordinator/",
    ]);
  });
});

describe("codeSnippets and tableAfter", () => {
  it("reads fenced lines with their info string", () => {
    expect(codeSnippets("```bash\nls\n```").at(0)).toEqual({ text: "ls", info: "bash" });
  });

  it("reads the first table after a heading, escaped pipes kept in their cell", () => {
    const md = "## A\n\n| x | y |\n|---|---|\n| `a\\|b` | 1 |\n| c | 2 |\n\n| other |\n";
    expect(tableAfter(md, "A")).toEqual([
      ["`a\\|b`", "1"],
      ["c", "2"],
    ]);
    expect(tableAfter(md, "B")).toEqual([]);
  });
});
