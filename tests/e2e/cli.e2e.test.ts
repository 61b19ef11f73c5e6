/**
 * `ccw cli --tool codex` with the real Codex binary against the local model server, offline.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { ModelServerScriptSource } from "../../ccw/src/dev/model-server/script.js";
import { runCli } from "../helpers/cli-context.js";
import { CCW_BIN, type CodexE2E, eventually, startCodexE2E } from "../helpers/codex-e2e.js";

let world: CodexE2E | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function start(script: ModelServerScriptSource) {
  world = await startCodexE2E(script);
  return world;
}

/** `ccw cli --tool codex ...args` in-process, in the world's workspace and environment. */
function ccwCli(w: CodexE2E, args: readonly string[], stdin?: string) {
  return runCli(["cli", "--tool", "codex", ...args], {
    cwd: w.workspace,
    env: w.env,
    homedir: w.env.HOME,
    ...(stdin === undefined ? {} : { stdin }),
  });
}

describe("ccw cli with the real Codex", () => {
  it("prints the model's text reply; the prompt reaches the model unchanged", async () => {
    const w = await start({
      rules: [{ match: { contains: "hello" }, reply: { text: "hi there" } }],
    });
    const run = await ccwCli(w, ["-p", "hello codex"]);
    expect(run).toMatchObject({ code: 0, stdout: "hi there\n" });
    expect(run.stderr).toMatch(/codex: thread [0-9a-f-]{36}\n/);
    expect(w.server.requests).toHaveLength(1);
    expect(w.server.requests[0]).toMatchObject({ prompt: "hello codex", followUp: false });
  });

  it("--mode write: a shell command the model asks for writes a file in the workspace", async () => {
    const w = await start({
      rules: [
        {
          match: { regex: "create (?<file>[\\w.]+)" },
          reply: [{ command: "printf 'made by codex' > {{file}}" }, { text: "created {{file}}" }],
        },
      ],
    });
    const run = await ccwCli(w, ["--mode", "write", "-p", "please create proof.txt"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("created proof.txt\n");
    expect(run.stderr).toMatch(
      /codex: \$ \/bin\/bash -lc .printf 'made by codex' > proof\.txt. \(exit 0\)\n/,
    );
    expect(readFileSync(path.join(w.workspace, "proof.txt"), "utf8")).toBe("made by codex");
    expect(w.server.requests.map((request) => request.followUp)).toEqual([false, true]);
    expect(w.server.requests[1]?.toolOutputs[0]?.output).toContain("Process exited with code 0");
  });

  it("--mode analysis: the read-only sandbox keeps the same command from writing", async () => {
    const w = await start({
      rules: [
        {
          match: { contains: "proof" },
          reply: [{ command: "echo hi > proof.txt" }, { text: "tried" }],
        },
      ],
    });
    const run = await ccwCli(w, ["--mode", "analysis", "-p", "write proof"]);
    expect(run.code).toBe(0);
    // What Codex sent back to the model for the command: the sandbox refused the write.
    expect(w.server.requests[1]?.toolOutputs[0]?.output).toContain("Read-only file system");
    expect(existsSync(path.join(w.workspace, "proof.txt"))).toBe(false);
  });

  it("a model failure exits 1 with Codex's message", async () => {
    const w = await start({ default: { fail: { status: 503, message: "model exploded" } } });
    const run = await ccwCli(w, ["-p", "anything"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `ccw: error: Codex failed: unexpected status 503 Service Unavailable: model exploded, url: ${w.server.baseUrl}/responses`,
    );
  });

  it("a timeout exits 124 and leaves no process behind", async () => {
    const w = await start({ default: { stall: true } });
    const run = await ccwCli(w, ["-p", "think forever", "--timeout", "1500ms"]);
    expect(run.code).toBe(124);
    expect(run.stderr).toContain(
      "ccw: error: Codex did not finish within 1.5s; ccw stopped its process group",
    );
    expect(run.stderr).toMatch(/Continue the thread with: ccw cli --resume [0-9a-f-]{36}/);
    expect(w.server.requests).toHaveLength(1);
    expect(
      await eventually(
        () => w.leftoverProcesses(),
        (pids) => pids.length === 0,
      ),
    ).toEqual([]);
  });

  it("resumes a thread by id: the second turn carries the first", async () => {
    const w = await start({
      rules: [
        { match: { contains: "first" }, reply: { text: "first answer" } },
        { match: { contains: "second" }, reply: { text: "second answer" } },
      ],
    });
    const first = await ccwCli(w, ["--json", "-p", "first question"]);
    expect(first.code).toBe(0);
    const started = first.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; thread_id?: string })
      .find((event) => event.type === "thread.started");
    const threadId = started?.thread_id ?? "";
    expect(threadId).toMatch(/^[0-9a-f-]{36}$/);

    const second = await ccwCli(w, ["--resume", threadId, "-p", "second question"]);
    expect(second).toMatchObject({ code: 0, stdout: "second answer\n" });
    expect(second.stderr).toContain(`codex: thread ${threadId}\n`);
    const resumed = JSON.stringify(w.server.requests[1]?.body?.input);
    expect(resumed).toContain("first question");
    expect(resumed).toContain("first answer");
    expect(w.server.requests[1]?.prompt).toBe("second question");
  });

  it("resuming a thread that does not exist exits 1 with Codex's reason", async () => {
    const w = await start({});
    const run = await ccwCli(w, ["--resume", "01a1fbff-0000-7000-8000-000000000000", "-p", "x"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "ccw: error: Codex failed: Codex exited with code 1: Error: thread/resume: thread/resume failed: no rollout found for thread id 01a1fbff-0000-7000-8000-000000000000",
    );
  });

  it("a prompt full of shell syntax reaches Codex verbatim and runs nothing", async () => {
    const w = await start({ default: { text: "noted" } });
    mkdirSync(path.join(w.workspace, "x"));
    const prompt = "$(touch pwned) ; rm -rf x && `touch pwned2` | tee pwned3 > pwned4";
    const run = await ccwCli(w, ["--mode", "write", "-p", prompt]);
    expect(run.code).toBe(0);
    expect(w.server.requests[0]?.prompt).toBe(prompt);
    expect(readdirSync(w.workspace)).toEqual(["x"]);
    expect(readdirSync(w.root).sort()).toEqual(["codex-home", "home", "workspace"]);
  });

  it("--json prints Codex's events, one JSON object per line", async () => {
    const w = await start({ default: { text: "json please" } });
    const run = await ccwCli(w, ["--json"], "a prompt on stdin\n");
    expect(run.code).toBe(0);
    const types = run.stdout
      .trimEnd()
      .split("\n")
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types[0]).toBe("thread.started");
    expect(types.at(-1)).toBe("turn.completed");
    expect(w.server.requests[0]?.prompt).toBe("a prompt on stdin\n");
  });

  it("--output: Codex writes its final message to the file", async () => {
    const w = await start({ default: { text: "the final word" } });
    const run = await ccwCli(w, ["-p", "x", "--output", "answer.md"]);
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(w.workspace, "answer.md"), "utf8")).toBe("the final word");
  });
});

describe("the built ccw binary", () => {
  it("keeps going quietly when its reader leaves (`ccw cli --json | head -1`)", async () => {
    const fake = fileURLToPath(new URL("../fixtures/fake-codex/fake-codex.mjs", import.meta.url));
    const child = spawn(
      process.execPath,
      [CCW_BIN, "cli", "--json", "-p", "x", "--codex-bin", fake],
      {
        env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), FAKE_CODEX_SCENARIO: "long-lines" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once("exit", (code) => resolve(code)),
    );
    child.stdout.once("data", () => child.stdout.destroy());
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
  });
});

describe("the built ccw binary with the real Codex", () => {
  it("Ctrl-C (SIGINT) exits 130 and stops Codex's whole process group", async () => {
    expect(
      existsSync(path.join(path.dirname(CCW_BIN), "..", "dist", "cli.cjs")),
      "run `npm run build` first",
    ).toBe(true);
    const w = await start({ default: { stall: true } });
    const child = spawn(process.execPath, [CCW_BIN, "cli", "-p", "wait for me"], {
      cwd: w.workspace,
      env: w.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once("exit", (code) => resolve(code)),
    );
    await eventually(
      () => w.server.requests.length,
      (count) => count > 0,
      15_000,
    );
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toContain("ccw: error: interrupted (SIGINT); ccw stopped Codex's process group");
    expect(
      await eventually(
        () => w.leftoverProcesses(),
        (pids) => pids.length === 0,
      ),
    ).toEqual([]);
  });
});
