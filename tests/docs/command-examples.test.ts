/**
 * Every command example of README.md and docs/ that can run offline, run against the built
 * ccw, so that the docs cannot drift from the code again (issue 20). Examples are the lines of
 * ```sh / ```bash / ```console blocks that start with `ccw` (or `$ ccw`, `npx ccw`).
 *
 * Each example is classified by the table below:
 * - `exact`: it must exit 0 in a scratch workspace holding the prompt pack (or in the
 *   repository, for the read-only checks of the repository's own files);
 * - `skip`: it cannot run offline or here (a live Codex turn, a server that runs until
 *   Ctrl-C, a writer of the repository's manifests, placeholders such as `<session-id>`);
 * - anything else runs too, and must at least be accepted as written: not a usage error
 *   (exit 2), not an internal error (70), no stack trace. So an example another change adds
 *   is checked without touching this file, and a renamed option fails the test.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { splitShellWords } from "../../ccw/src/lib/text/shell-words.js";
import { CCW_BIN, REPO_ROOT } from "../helpers/codex-e2e.js";

interface Example {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** The examples of one Markdown file. */
function extractExamples(file: string, markdown: string): Example[] {
  const examples: Example[] = [];
  let inBlock = false;
  let shell = false;
  let pending: { line: number; text: string } | undefined;
  markdown.split("\n").forEach((raw, index) => {
    const fence = /^\s*```(\w*)/.exec(raw);
    if (fence) {
      inBlock = !inBlock;
      shell = inBlock && ["sh", "bash", "shell", "console"].includes(fence[1] ?? "");
      return;
    }
    if (!inBlock || !shell) return;
    const line = raw.trim();
    if (pending) {
      pending.text += ` ${line.replace(/\\$/, "").trim()}`;
      if (!line.endsWith("\\")) {
        examples.push({ file, ...pending });
        pending = undefined;
      }
      return;
    }
    const command = /^(?:\$ )?(?:npx )?(ccw(?: .*)?)$/.exec(line)?.[1];
    if (command === undefined) return;
    const text = command.replace(/\s+#.*$/, "").trim();
    if (text.endsWith("\\")) pending = { line: index + 1, text: text.slice(0, -1).trim() };
    else examples.push({ file, line: index + 1, text });
  });
  return examples;
}

type Rule = readonly [RegExp, "exact" | "skip", string?];

/** The first rule that matches an example's text decides; the last word says why. */
const RULES: readonly Rule[] = [
  [
    /[<>|]|\$\(|\[.*\]/,
    "skip",
    "a placeholder, a pipe or an optional part: a pattern, not a command",
  ],
  [/^ccw cli\b/, "skip", "a live Codex turn"],
  [/^ccw coordinator (resume|run)\b/, "skip", "runs Codex"],
  [/^ccw coordinator codex (?!.*--(plan-only|dry-run))/, "skip", "runs Codex after planning"],
  [/^ccw (demo|dev model-server)\b/, "skip", "runs Codex / a server until Ctrl-C"],
  [
    /^ccw codex-parity (snapshot|union|report|diff|wrapper-coverage|update)\b/,
    "skip",
    "writes the repository's manifests",
  ],
  [
    /^ccw (coordinator (status|abort) |hook parse-status )/,
    "skip",
    "names a session of the docs' own example",
  ],
  [/^ccw evidence verify (notes|report|a)\.md\b/, "skip", "an example file name"],
  [/^ccw (--version|help\b|.* --help$)/, "exact"],
  [/^ccw codex prompts (list|show|expand)\b/, "exact"],
  [/^ccw commands list\b/, "exact"],
  [/^ccw workflow (list|install)\b/, "exact"],
  [/^ccw hook install\b/, "exact"],
  [/^ccw coordinator (codex .*--(plan-only|dry-run)|list)\b/, "exact"],
  [/^ccw codex-parity validate\b/, "exact", "repo"],
  [/^ccw evidence verify\b/, "exact", "repo"],
];

function classify(text: string): { kind: "exact" | "skip" | "accepted"; note?: string } {
  for (const [pattern, kind, note] of RULES) {
    if (pattern.test(text)) return { kind, ...(note === undefined ? {} : { note }) };
  }
  return { kind: "accepted" };
}

function docs(): string[] {
  const files = [path.join(REPO_ROOT, "README.md")];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".md")) files.push(full);
    }
  };
  walk(path.join(REPO_ROOT, "docs"));
  return files;
}

const examples = docs().flatMap((file) =>
  extractExamples(path.relative(REPO_ROOT, file), readFileSync(file, "utf8")),
);
const scratch = mkdtempSync(path.join(os.tmpdir(), "ccw-docs-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function world(name: string) {
  const root = path.join(scratch, name);
  const workspace = path.join(root, "project");
  mkdirSync(workspace, { recursive: true });
  mkdirSync(path.join(workspace, ".git"));
  cpSync(path.join(REPO_ROOT, ".codex", "prompts"), path.join(root, "codex-home", "prompts"), {
    recursive: true,
  });
  return {
    workspace,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: root,
      CODEX_HOME: path.join(root, "codex-home"),
      XDG_CACHE_HOME: path.join(root, "cache"),
      NO_COLOR: "1",
      CCW_CODEX_BIN: path.join(REPO_ROOT, "tests", "corpus", "fixtures", "scripted-codex.mjs"),
    },
  };
}

describe("command examples of README.md and docs/", () => {
  it("finds the examples (the extraction itself works)", () => {
    expect(examples.length).toBeGreaterThan(20);
    expect(
      extractExamples("x.md", "```sh\n$ ccw coordinator list  # all\nnpx ccw a \\\n  --b\n```\n"),
    ).toEqual([
      { file: "x.md", line: 2, text: "ccw coordinator list" },
      { file: "x.md", line: 3, text: "ccw a --b" },
    ]);
    expect(classify("ccw coordinator resume <id> --yes").kind).toBe("skip");
    expect(classify("ccw codex prompts list").kind).toBe("exact");
    expect(classify("ccw something-new --flag").kind).toBe("accepted");
  });

  it.each(examples.map((example) => [`${example.file}:${example.line} ${example.text}`, example]))(
    "%s",
    (_name, example) => {
      const { kind, note } = classify(example.text);
      if (kind === "skip") return;
      const words = splitShellWords(example.text);
      if (!words.ok) throw new Error(`${example.file}:${example.line}: ${words.error}`);
      const where = world(`${path.basename(example.file)}-${example.line}`);
      const cwd = note === "repo" ? REPO_ROOT : where.workspace;
      if (
        note === "repo" &&
        words.words
          .slice(3)
          .some((arg) => !arg.startsWith("-") && !existsSync(path.join(REPO_ROOT, arg)))
      )
        return; // names a file of the docs' own example, not of this repository
      const run = spawnSync(process.execPath, [CCW_BIN, ...words.words.slice(1)], {
        cwd,
        env: where.env,
        encoding: "utf8",
        timeout: 30_000,
      });
      const said = `${example.file}:${example.line}: ${example.text}\n${run.stderr}`;
      expect(run.stderr, said).not.toMatch(/^\s+at /m);
      expect(run.status, said).not.toBe(70);
      if (kind === "exact") expect(run.status, said).toBe(0);
      else expect(run.status, said).not.toBe(2);
    },
    40_000,
  );
});
