import { describe, expect, it } from "vitest";
import { CorpusCase } from "./case-schema.js";
import { type JudgeInput, judge, type RunOutcome } from "./judge.js";
import { diffSnapshots, type Entry } from "./scratch.js";

// The checks of the corpus runner must be able to fail: each is shown failing here once.
const testCase = CorpusCase.parse({
  name: "sample",
  about: "a sample",
  argv: ["coordinator", "list"],
  expect: { exit: 2, stderr: "unknown option", empty: ["stdout"] },
});

const quiet: RunOutcome = {
  exitCode: 2,
  signal: null,
  stdout: "",
  stderr: "ccw: error: unknown option '--x'\n",
  timedOut: false,
  durationMs: 5,
};

function verdict(
  overrides: Partial<Omit<JudgeInput, "outcome">> & { outcome?: Partial<RunOutcome> } = {},
) {
  return judge({
    testCase,
    changes: [],
    ws: "/s/ws",
    inputs: new Set(),
    mayWrite: [],
    ...overrides,
    outcome: { ...quiet, ...overrides.outcome },
  });
}

describe("judge", () => {
  it("passes a run that did what the case says", () => {
    expect(verdict()).toEqual([]);
  });

  it("fails a wrong exit code, a missing fragment and output where none is expected", () => {
    expect(verdict({ outcome: { exitCode: 0, stderr: "", stdout: "x" } })).toEqual([
      "exit code 0, expected 2",
      "stdout should be empty",
      'stderr lacks "unknown option"',
    ]);
  });

  it("fails a stack trace, an internal error and a Node warning", () => {
    const stderr = [
      "ccw: error: unknown option",
      "ccw: internal error: boom",
      "    at main (file:///x/cli.js:1:2)",
      "(node:123) TimeoutOverflowWarning: 2592000000 does not fit",
    ].join("\n");
    expect(verdict({ outcome: { stderr } })).toEqual([
      "stderr holds a stack trace",
      "stderr reports an internal error",
      "stderr holds a Node.js warning",
    ]);
  });

  it("fails a hang", () => {
    expect(verdict({ outcome: { timedOut: true, exitCode: null, signal: "SIGKILL" } })).toEqual([
      "hang: still running after 10000 ms (killed)",
    ]);
  });

  it("allows writes below .workflow/ and declared paths, and fails any other", () => {
    const changes = [
      { path: "/s/ws/.workflow", change: "+" as const },
      { path: "/s/ws/.workflow/.cache/ccw/codex-probe.json", change: "+" as const },
      { path: "/s/ws/.claude", change: "+" as const },
      { path: "/s/ws/.claude/settings.json", change: "+" as const },
      { path: "/s/codex-home/prompts/a.md", change: "+" as const },
      { path: "/s/home/.cache", change: "+" as const },
    ];
    expect(
      verdict({
        changes,
        mayWrite: ["/s/ws/.claude/settings.json", "/s/codex-home/prompts/"],
      }),
    ).toEqual(["wrote outside /s/ws/.workflow/: + /s/home/.cache"]);
  });

  it("fails a change to an input file, even below .workflow/", () => {
    const state = "/s/ws/.workflow/.codex-coordinator/x/state.json";
    expect(verdict({ changes: [{ path: state, change: "~" }], inputs: new Set([state]) })).toEqual([
      `an input was changed: ${state}`,
    ]);
  });
});

describe("diffSnapshots", () => {
  const file = (sha256: string, mode = 0o100644): Entry => ({
    kind: "file",
    size: 1,
    mode,
    mtimeMs: 1,
    sha256,
  });

  it("sees files added, removed, rewritten and re-permissioned", () => {
    const before = new Map<string, Entry>([
      ["/a", file("1")],
      ["/b", file("2")],
      ["/c", file("3")],
    ]);
    const after = new Map<string, Entry>([
      ["/a", file("1")],
      ["/b", file("9")],
      ["/c", file("3", 0o100600)],
      ["/d", { kind: "dir" }],
    ]);
    expect(diffSnapshots(before, after)).toEqual([
      { path: "/b", change: "~" },
      { path: "/c", change: "~" },
      { path: "/d", change: "+" },
    ]);
  });
});
