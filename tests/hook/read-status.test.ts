import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HookFs, nodeHookFs, readStatusFile } from "../../ccw/src/hook/read-status.js";
import { classifyStatusPath, type StatusPath } from "../../ccw/src/hook/status-path.js";
import { formatStatusLine } from "../../ccw/src/hook/status-summary.js";
import { placeFixture, tempDir } from "./fixture-workspace.js";

describe("classifyStatusPath", () => {
  it.each([
    [
      "/p/.workflow/.codex-coordinator/codex-coord-1/status.json",
      ".codex-coordinator",
      "status.json",
    ],
    [
      "/p/.workflow/.codex-coordinator/codex-coord-1/state.json",
      ".codex-coordinator",
      "state.json",
    ],
    ["/p/.workflow/.ccw/ccw-1/status.json", ".ccw", "status.json"],
    ["/p/.workflow/.ccw-coordinator/ccw-coord-1/state.json", ".ccw-coordinator", "state.json"],
    ["/p/.workflow/.ccw-debug/CCWD-1/status.json", ".ccw-debug", "status.json"],
    ["C:\\p\\.workflow\\.ccw\\ccw-1\\status.json", ".ccw", "status.json"],
  ])("handles %s", (file, folder, fileName) => {
    expect(classifyStatusPath(file)).toMatchObject({ folder, fileName, file });
  });

  it.each([
    ["a source file", "/p/src/status.json"],
    ["another file name", "/p/.workflow/.ccw/ccw-1/events.jsonl"],
    ["a file directly in the folder", "/p/.workflow/.codex-coordinator/status.json"],
    [
      "a file deeper in a session",
      "/p/.workflow/.codex-coordinator/s1/steps/01-execute/artifacts/state.json",
    ],
    ["an unknown folder", "/p/.workflow/.other/s1/status.json"],
    ["a look-alike folder", "/p/.workflow/ccw/s1/status.json"],
  ])("ignores %s", (_name, file) => {
    expect(classifyStatusPath(file)).toBeUndefined();
  });
});

describe("readStatusFile", () => {
  let workspace: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir: workspace, cleanup } = await tempDir());
  });
  afterEach(async () => cleanup());

  async function read(fixture: string, folder: string, name: string, fs: HookFs = nodeHookFs) {
    const file = await placeFixture(workspace, fixture, { folder, session: "the-session", name });
    return readStatusFile(classifyStatusPath(file) as StatusPath, fs);
  }

  it.each([
    [
      "status.json of the coordinator",
      "codex-status.json",
      ".codex-coordinator",
      "status.json",
      "status.json",
      "CCW Status [codex-coord-20261121-143025-7f3a] (codex-coordinator): running 1/2 execute",
    ],
    [
      "state.json of the coordinator (projected on the fly)",
      "codex-state.json",
      ".codex-coordinator",
      "state.json",
      "state.json",
      "CCW Status [codex-coord-20261121-150000-0b1c] (codex-coordinator): waiting 1/3 execute → next clean",
    ],
    [
      "/ccw's status.json",
      "ccw-status.json",
      ".ccw",
      "status.json",
      "legacy",
      "CCW Status [ccw-1763715025000] (rapid): running 1/3 /workflow:lite-execute → next /workflow:test-cycle-execute",
    ],
    [
      "/ccw-coordinator's state.json (no workflow field: named after its folder)",
      "ccw-coordinator-state.json",
      ".ccw-coordinator",
      "state.json",
      "legacy",
      "CCW Status [ccw-coord-20250124-143025] (ccw-coordinator): waiting 2/3 /workflow:test-cycle-execute",
    ],
    [
      "/ccw-debug's status.json (mode as the workflow, in_progress as running)",
      "ccw-debug-status.json",
      ".ccw-debug",
      "status.json",
      "legacy",
      "CCW Status [CCWD-login-timeout-2025-11-21] (bidirectional): running 0/3 /workflow:debug-with-file → next /workflow:test-fix-gen",
    ],
    [
      "our status.json in an older folder",
      "codex-status.json",
      ".ccw",
      "status.json",
      "status.json",
      "CCW Status [codex-coord-20261121-143025-7f3a] (codex-coordinator): running 1/2 execute",
    ],
  ])("reads %s", async (_name, fixture, folder, name, format, line) => {
    const result = await read(fixture, folder, name);
    expect(result).toMatchObject({ kind: "ok", format });
    if (result.kind === "ok") expect(formatStatusLine(result.summary)).toBe(line);
  });

  it("falls back to the session folder's name when an older file has no session_id", async () => {
    const file = path.join(workspace, ".workflow", ".ccw", "ccw-42", "status.json");
    await mkdir(path.dirname(file), { recursive: true });
    const fs: HookFs = {
      ...nodeHookFs,
      readFile: async () => JSON.stringify({ status: "running", command_chain: [{ cmd: "/x" }] }),
    };
    const result = await readStatusFile(classifyStatusPath(file) as StatusPath, fs);
    expect(result).toMatchObject({
      kind: "ok",
      summary: {
        session_id: "ccw-42",
        workflow: "ccw",
        current: "/x",
        progress: { done: 0, total: 1 },
      },
    });
  });

  it("reports a missing file", async () => {
    const file = path.join(workspace, ".workflow", ".ccw", "gone", "status.json");
    expect(await readStatusFile(classifyStatusPath(file) as StatusPath, nodeHookFs)).toEqual({
      kind: "missing",
    });
  });

  it("reports a file it cannot read (a folder named status.json)", async () => {
    const file = path.join(workspace, ".workflow", ".ccw", "s1", "status.json");
    await mkdir(file, { recursive: true });
    const result = await readStatusFile(classifyStatusPath(file) as StatusPath, nodeHookFs);
    expect(result).toEqual({ kind: "unreadable", reason: expect.stringMatching(/^EISDIR: /) });
  });

  it("reports a file without permission to read", async () => {
    const denied = Object.assign(new Error("EACCES: permission denied, open '/x'"), {
      code: "EACCES",
    });
    const fs: HookFs = { ...nodeHookFs, readFile: () => Promise.reject(denied) };
    const result = await read("codex-status.json", ".codex-coordinator", "status.json", fs);
    expect(result).toEqual({ kind: "unreadable", reason: "EACCES: permission denied" });
  });

  it("reports a half-written file as not JSON", async () => {
    const result = await read("truncated.json", ".codex-coordinator", "status.json");
    expect(result).toMatchObject({
      kind: "invalid",
      reason: expect.stringMatching(/^not JSON \(/),
    });
  });

  it("says which fields are wrong, against the format the folder calls for", async () => {
    expect(await read("wrong-shape.json", ".ccw", "status.json")).toEqual({
      kind: "invalid",
      reason:
        "session_id: expected string, found number 42; status: expected string, found an array; command_chain: expected array, found an object",
    });
    const ours = await read("wrong-shape.json", ".codex-coordinator", "status.json");
    expect(ours).toMatchObject({
      kind: "invalid",
      reason: expect.stringContaining('workflow: missing (expected "codex-coordinator")'),
    });
  });

  it("does not accept an older shape in the coordinator's own folder", async () => {
    const result = await read("ccw-status.json", ".codex-coordinator", "state.json");
    expect(result).toMatchObject({
      kind: "invalid",
      reason: expect.stringContaining("command_chain.0.unit: missing"),
    });
  });
});
