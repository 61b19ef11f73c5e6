import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { placeFixture, tempDir } from "./fixture-workspace.js";
import { type HookRun, type HookRunOptions, runFast, runFull } from "./run-both.js";

let workspace: string;
let cleanup: () => Promise<void>;
let files: Record<string, string>;

beforeAll(async () => {
  ({ dir: workspace, cleanup } = await tempDir());
  const place = (fixture: string, folder: string, session: string, name: string) =>
    placeFixture(workspace, fixture, { folder, session, name });
  files = {
    status: await place(
      "codex-status.json",
      ".codex-coordinator",
      "codex-coord-20261121-143025-7f3a",
      "status.json",
    ),
    state: await place(
      "codex-state.json",
      ".codex-coordinator",
      "codex-coord-20261121-150000-0b1c",
      "state.json",
    ),
    ccw: await place("ccw-status.json", ".ccw", "ccw-1763715025000", "status.json"),
    ccwCoordinator: await place(
      "ccw-coordinator-state.json",
      ".ccw-coordinator",
      "ccw-coord-20250124-143025",
      "state.json",
    ),
    ccwDebug: await place("ccw-debug-status.json", ".ccw-debug", "CCWD-login", "status.json"),
    truncated: await place("truncated.json", ".codex-coordinator", "broken", "status.json"),
    missing: path.join(workspace, ".workflow", ".codex-coordinator", "gone", "status.json"),
    folder: path.join(workspace, ".workflow", ".ccw", "odd", "status.json"),
    unhandled: path.join(workspace, "src", "status.json"),
  };
  await mkdir(files.folder as string, { recursive: true });
  await mkdir(path.dirname(files.unhandled as string), { recursive: true });
  await writeFile(files.unhandled as string, "{}");
});
afterAll(async () => cleanup());

const file = (key: string) => files[key] as string;

/** Runs through the fast path and the full CLI, checks they agree, and returns the result. */
async function parseStatus(
  args: readonly string[],
  options: Partial<HookRunOptions> = {},
): Promise<HookRun> {
  const full = { cwd: workspace, ...options };
  const fast = await runFast("parse-status", args, full);
  expect(await runFull("parse-status", args, full)).toEqual(fast);
  return fast;
}

const hookJson = (filePath: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    session_id: "claude-session-1",
    transcript_path: "/tmp/t.jsonl",
    cwd: workspace,
    hook_event_name: "PostToolUse",
    tool_name: "Write",
    tool_input: { file_path: filePath, content: "{}" },
    tool_response: { success: true },
    ...extra,
  });

describe("ccw hook parse-status --path", () => {
  it.each([
    [
      "status",
      "CCW Status [codex-coord-20261121-143025-7f3a] (codex-coordinator): running 1/2 execute",
    ],
    [
      "state",
      "CCW Status [codex-coord-20261121-150000-0b1c] (codex-coordinator): waiting 1/3 execute → next clean",
    ],
    [
      "ccw",
      "CCW Status [ccw-1763715025000] (rapid): running 1/3 /workflow:lite-execute → next /workflow:test-cycle-execute",
    ],
    [
      "ccwCoordinator",
      "CCW Status [ccw-coord-20250124-143025] (ccw-coordinator): waiting 2/3 /workflow:test-cycle-execute",
    ],
    [
      "ccwDebug",
      "CCW Status [CCWD-login-timeout-2025-11-21] (bidirectional): running 0/3 /workflow:debug-with-file → next /workflow:test-fix-gen",
    ],
  ])("prints one line for %s", async (key, line) => {
    expect(await parseStatus(["--path", file(key)])).toEqual({
      code: 0,
      stdout: `${line}\n`,
      stderr: "",
    });
  });

  it("resolves a relative path against the working directory, and takes --path=<file>", async () => {
    const relative = path.relative(workspace, file("status"));
    const result = await parseStatus([`--path=${relative}`]);
    expect(result).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("running 1/2 execute"),
    });
  });

  it("gives the same facts as JSON with --json", async () => {
    const result = await parseStatus(["--path", file("state"), "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      session_id: "codex-coord-20261121-150000-0b1c",
      workflow: "codex-coordinator",
      status: "waiting",
      progress: { done: 1, total: 3 },
      current: "execute",
      next: "clean",
      updated_at: "2026-11-21T15:04:00Z",
      file: file("state"),
      format: "state.json",
    });
  });

  it.each([
    [
      "a path it does not handle",
      "unhandled",
      /is not a ccw status file\nGive a status\.json or state\.json in a session folder under \.ccw\/, \.ccw-coordinator\/, \.ccw-debug\/, \.codex-coordinator\//,
    ],
    ["a missing file", "missing", /cannot read .*gone\/status\.json: no such file\n/],
    [
      "a file it cannot read",
      "folder",
      /cannot read .*odd\/status\.json: EISDIR: illegal operation on a directory, read\nCheck that it is a readable file\.\n/,
    ],
    [
      "a half-written file",
      "truncated",
      /broken\/status\.json is not a valid status file: not JSON \(.*\)\nThe file was left as it is/,
    ],
  ])("reports %s with exit 1", async (_name, key, message) => {
    const result = await parseStatus(["--path", file(key)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^ccw: error: /);
    expect(result.stderr).toMatch(message);
  });
});

describe("ccw hook parse-status --stdin", () => {
  it("prints the line for the file Claude Code just wrote", async () => {
    const result = await parseStatus(["--stdin"], { stdin: hookJson(file("status")) });
    expect(result).toEqual({
      code: 0,
      stdout:
        "CCW Status [codex-coord-20261121-143025-7f3a] (codex-coordinator): running 1/2 execute\n",
      stderr: "",
    });
  });

  it("resolves a relative tool_input.file_path against the hook's cwd, not its own", async () => {
    const relative = path.relative(workspace, file("ccw"));
    const result = await parseStatus(["--stdin", "--json"], {
      cwd: "/",
      stdin: hookJson(relative),
    });
    expect(JSON.parse(result.stdout)).toMatchObject({
      session_id: "ccw-1763715025000",
      format: "legacy",
    });
  });

  it.each([
    ["a path it does not handle", () => hookJson(file("unhandled"))],
    ["a missing file", () => hookJson(file("missing"))],
    ["a file it cannot read", () => hookJson(file("folder"))],
    ["a half-written file", () => hookJson(file("truncated"))],
    [
      "a tool without a file path",
      () => JSON.stringify({ tool_name: "Bash", tool_input: { command: "ls" } }),
    ],
    ["stdin that is not JSON", () => "not json"],
    ["JSON of another shape", () => JSON.stringify({ tool_input: { file_path: 42 } })],
    ["empty stdin", () => ""],
  ])("prints nothing and exits 0 for %s", async (_name, stdin) => {
    expect(await parseStatus(["--stdin"], { stdin: stdin() })).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });

  it("says why it printed nothing when CCW_DEBUG=1", async () => {
    const result = await parseStatus(["--stdin"], {
      stdin: hookJson(file("missing")),
      env: { CCW_DEBUG: "1" },
    });
    expect(result).toMatchObject({
      code: 0,
      stdout: "",
      stderr: expect.stringMatching(/^ccw: debug: cannot read .*: no such file\n$/),
    });
  });
});

describe("ccw hook parse-status usage", () => {
  it.each([
    ["no input named", [], "ccw: error: ccw hook parse-status needs --path <file> or --stdin\n"],
    [
      "both inputs",
      ["--stdin", "--path", "x"],
      "ccw: error: use either --path <file> or --stdin, not both\n",
    ],
  ])("rejects %s with exit 2", async (_name, args, first) => {
    const result = await parseStatus(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${first}Usage: ccw hook parse-status (--path <file> | --stdin) [--json]\n`,
    );
  });

  it("refuses --stdin from a terminal instead of waiting for input", async () => {
    const result = await parseStatus(["--stdin"], { tty: true, env: { NO_COLOR: "1" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("stdin is a terminal");
  });

  it.each([
    [["--bogus"], "ccw: error: unknown option '--bogus'\n"],
    [["--path"], "ccw: error: option '--path <file>' argument missing\n"],
  ])("reports %j like commander does", async (args, stderr) => {
    expect(await parseStatus(args)).toEqual({ code: 2, stdout: "", stderr });
  });
});
