import path from "node:path";
import { describe, expect, it } from "vitest";
import { classifyChange, watchedPath } from "../../ccw/src/view/change-path.js";

const WS = "/w";
const ROOT = "/w/.workflow/.codex-coordinator";
const at = (...parts: string[]) => path.join(ROOT, ...parts);

describe("which paths the watcher follows", () => {
  it.each([
    [at(), { session: null, what: "session" }],
    [at("s1"), { session: "s1", what: "session" }],
    [at("s1", "state.json"), { session: "s1", what: "state" }],
    [at("s1", "events.jsonl"), { session: "s1", what: "events" }],
    [at("s1", "status.json"), undefined],
    [at("s1", ".state.json.123.tmp"), undefined],
    [at("s1", "lock", "1.json"), undefined],
    [at("s1", "input", "intent.md"), undefined],
    [at("s1", "steps"), { session: "s1", what: "session" }],
    [at("s1", "steps", "02-execute"), { session: "s1", what: "artifacts", step: 1 }],
    [at("s1", "steps", "02-execute", "codex.jsonl"), { session: "s1", what: "activity", step: 1 }],
    [at("s1", "steps", "02-execute", "prompt.md"), undefined],
    [at("s1", "steps", "02-execute", "artifacts"), { session: "s1", what: "artifacts", step: 1 }],
    [
      at("s1", "steps", "02-execute", "artifacts", "x.json"),
      { session: "s1", what: "artifacts", step: 1 },
    ],
    [at("s1", "steps", "02-execute", "artifacts", "deep", "x.json"), undefined],
    [at("s1", "steps", "not-a-step"), undefined],
    // The index of unfinished sessions (and a temp copy being built) is not a session.
    [at(".unfinished"), undefined],
    [at(".unfinished", "s1"), undefined],
    [at(".unfinished-123-abc", "s1"), undefined],
    ["/w/src/index.ts", undefined],
    ["/elsewhere", undefined],
  ])("classifyChange(%s)", (file, change) => {
    expect(classifyChange(ROOT, file)).toEqual(change);
  });

  it("walks from the workspace to the sessions folder, and into the steps of running sessions only", () => {
    const running = (id: string) => id === "run";
    const watched = (file: string) => watchedPath(WS, ROOT, file, running);
    expect(watched("/w")).toBe(true);
    expect(watched("/w/.workflow")).toBe(true);
    expect(watched("/w/src")).toBe(false);
    expect(watched("/w/node_modules")).toBe(false);
    expect(watched("/w/.workflow/other")).toBe(false);
    expect(watched(at("done", "state.json"))).toBe(true);
    expect(watched(at("done", "steps"))).toBe(true);
    expect(watched(at("done", "steps", "01-a"))).toBe(false);
    expect(watched(at("run", "steps", "01-a"))).toBe(true);
    expect(watched(at("run", "steps", "01-a", "codex.jsonl"))).toBe(true);
    expect(watched("/")).toBe(false);
  });
});
