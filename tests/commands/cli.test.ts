import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { forgetCodexProbes } from "../../ccw/src/tools/codex/codex-binary.js";
import { runCli, type TestContextOptions } from "../helpers/cli-context.js";

const FAKE = fileURLToPath(new URL("../fixtures/fake-codex/fake-codex.mjs", import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), "ccw-cli-cmd-"));
const workspace = path.join(tmp, "ws");
const home = path.join(tmp, "home");
mkdirSync(path.join(workspace, "extra"), { recursive: true });
mkdirSync(home);
writeFileSync(path.join(workspace, "shot.png"), "png");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeEach(() => forgetCodexProbes());

let counter = 0;

/** `ccw cli --codex-bin <fake> ...args` in-process; returns the result and what the fake got. */
async function cli(
  args: readonly string[],
  scenario = "ok",
  options: TestContextOptions & { fakeEnv?: Record<string, string> } = {},
) {
  const record = path.join(tmp, `record-${++counter}.json`);
  const result = await runCli(["cli", "--codex-bin", FAKE, ...args], {
    cwd: workspace,
    homedir: home,
    ...options,
    env: {
      PATH: process.env.PATH,
      FAKE_CODEX_SCENARIO: scenario,
      FAKE_CODEX_RECORD: record,
      ...options.fakeEnv,
      ...options.env,
    },
  });
  const received = () =>
    JSON.parse(readFileSync(record, "utf8")) as { argv: string[]; stdin: string; cwd: string };
  return { ...result, received };
}

const ALWAYS = ["exec", "--json", "--skip-git-repo-check", "--color", "never"];

describe("ccw cli: options to the codex exec argv", () => {
  it("defaults to --mode analysis (read-only) with the prompt on stdin", async () => {
    const run = await cli(["-p", "hello"]);
    expect(run.code).toBe(0);
    expect(run.received().argv).toEqual([...ALWAYS, "-s", "read-only", "-"]);
    expect(Buffer.from(run.received().stdin, "base64").toString()).toBe("hello");
    expect(run.received().cwd).toBe(workspace);
  });

  it("maps every option, with paths made absolute", async () => {
    const run = await cli([
      "--tool",
      "codex",
      "--mode",
      "write",
      "--cd",
      "extra",
      "--model",
      "gpt-5-codex",
      "--add-dir",
      "extra",
      "--add-dir",
      ".",
      "--image",
      "shot.png",
      "--config",
      'model_reasoning_effort="high"',
      "--output",
      "last.md",
      "-p",
      "go",
    ]);
    expect(run.code).toBe(0);
    expect(run.received().argv).toEqual([
      ...ALWAYS,
      "-C",
      path.join(workspace, "extra"),
      "-s",
      "workspace-write",
      "-m",
      "gpt-5-codex",
      `--image=${path.join(workspace, "shot.png")}`,
      "--add-dir",
      path.join(workspace, "extra"),
      "--add-dir",
      workspace,
      "-o",
      path.join(workspace, "last.md"),
      "-c",
      'model_reasoning_effort="high"',
      "-",
    ]);
  });

  it("--resume <thread-id> and --last continue a thread", async () => {
    expect((await cli(["--resume", "0199a213-81c0-7800", "-p", "more"])).received().argv).toEqual([
      ...ALWAYS,
      "-s",
      "read-only",
      "resume",
      "0199a213-81c0-7800",
      "-",
    ]);
    expect((await cli(["--last", "-p", "more"])).received().argv).toEqual([
      ...ALWAYS,
      "-s",
      "read-only",
      "resume",
      "--last",
      "-",
    ]);
  });
});

describe("ccw cli: where the prompt comes from", () => {
  it("takes stdin byte for byte when it is not a terminal", async () => {
    const prompt = "$(touch pwned) ; rm -rf x\nline two\n";
    const run = await cli([], "echo-prompt", { stdin: prompt });
    expect(Buffer.from(run.received().stdin, "base64").toString()).toBe(prompt);
    expect(run.stdout).toBe(prompt);
  });

  it("reads -f <file>, and -f - from stdin", async () => {
    const file = path.join(workspace, "prompt.md");
    writeFileSync(file, "from a file\n");
    expect(
      Buffer.from((await cli(["-f", "prompt.md"])).received().stdin, "base64").toString(),
    ).toBe("from a file\n");
    expect(
      Buffer.from(
        (await cli(["-f", "-"], "ok", { stdin: "piped" })).received().stdin,
        "base64",
      ).toString(),
    ).toBe("piped");
  });
});

describe("ccw cli: output", () => {
  it("human mode: progress on stderr, the final message alone on stdout", async () => {
    const run = await cli(["-p", "x"], "work");
    expect(run.stdout).toBe("all done\n");
    expect(run.stderr).toContain("codex: thread 0199a213-81c0-7800-8aa1-bbab2a035a53\n");
    expect(run.stderr).toContain("codex: $ bash -lc 'echo hi > a.txt' (exit 0)\n");
    expect(run.stderr).toContain("codex: add src/a.ts, update src/b.ts\n");
    expect(run.stderr).toMatch(/codex: done in \d+(\.\d+)?m?s · 12 tokens in, 3 out\n$/);
  });

  it("--json: Codex's event lines exactly, on stdout, and nothing else", async () => {
    const run = await cli(["--json", "-p", "x"], "work");
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(9);
    expect(lines.map((line) => (JSON.parse(line) as { type: string }).type)).toEqual([
      "thread.started",
      "turn.started",
      "item.started",
      "item.completed",
      "item.completed",
      "item.completed",
      "item.completed",
      "item.completed",
      "turn.completed",
    ]);
    expect(run.stderr).toBe("");
  });
});

describe("ccw cli: exit codes", () => {
  it("1 when Codex fails, with Codex's message", async () => {
    const run = await cli(["-p", "x"], "turn-failed-exit0");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      "ccw: error: Codex failed: stream disconnected before completion: upstream closed\n",
    );
    expect(run.stderr).toContain(
      'Continue the thread with: ccw cli --resume 0199a213-81c0-7800-8aa1-bbab2a035a53 -p "<prompt>"',
    );
  });

  it("1 for a crash, naming the exit code and the unreadable lines", async () => {
    const run = await cli(["-p", "x"], "crash");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "ccw: error: Codex failed: Codex exited with code 101: thread 'main' panicked at src/exec.rs:42:7: index out of bounds (1 unreadable output line)",
    );
  });

  it("124 on --timeout", async () => {
    const run = await cli(["-p", "x", "--timeout", "1s"], "hang-polite");
    expect(run.code).toBe(124);
    expect(run.stderr).toContain(
      "ccw: error: Codex did not finish within 1s; ccw stopped its process group",
    );
  });

  it("--timeout 1 is one second, as in the coordinator (one duration rule everywhere)", async () => {
    const run = await cli(["-p", "x", "--timeout", "1"], "hang-polite");
    expect(run.code).toBe(124);
    expect(run.stderr).toContain("Codex did not finish within 1s");
  });

  it("no network: Codex's reconnect notices show as they come, and --stall-limit stops it (exit 124, 'stalled')", async () => {
    const run = await cli(["-p", "x", "--stall-limit", "2s"], "reconnecting");
    expect(run.code).toBe(124);
    expect(run.stderr).toContain("codex: error: Reconnecting... 1/5");
    expect(run.stderr).toContain("stalled: Codex made no progress for 2s");
    expect(run.stderr).toContain("ccw doctor");
  });

  it("130 when interrupted", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort("SIGINT"), 600);
    const run = await cli(["-p", "x"], "hang-polite", { interrupt: controller.signal });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(
      "ccw: error: interrupted (SIGINT); ccw stopped Codex's process group",
    );
  });

  it("127 when Codex cannot be found", async () => {
    const run = await runCli(["cli", "-p", "x", "--codex-bin", path.join(tmp, "missing")], {
      cwd: workspace,
      homedir: home,
      env: { PATH: tmp },
    });
    expect(run.code).toBe(127);
    expect(run.stderr).toContain(`ccw: error: --codex-bin names ${path.join(tmp, "missing")}`);
  });

  it("1 when the binary runs but is not a working Codex; 127 when it cannot answer a probe", async () => {
    const broken = path.join(tmp, "broken-codex");
    writeFileSync(broken, "#!/bin/sh\necho 'error: not really codex' >&2\nexit 9\n", {
      mode: 0o755,
    });
    const run = await runCli(["cli", "-p", "x", "--codex-bin", broken], {
      cwd: workspace,
      homedir: home,
      env: {},
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "ccw: error: Codex failed: Codex exited with code 9: error: not really codex\n",
    );
    // --add-dir is capability-guarded: the probe runs first, and fails.
    const probed = await runCli(["cli", "-p", "x", "--add-dir", ".", "--codex-bin", broken], {
      cwd: workspace,
      homedir: home,
      env: {},
    });
    expect(probed.code).toBe(127);
    expect(probed.stderr).toMatch(
      /ccw: error: cannot start Codex: cannot run `\S+broken-codex (--version|help exec)`: error: not really codex\n/,
    );
  });

  it("2 for a flag the installed Codex lacks, naming it and the version", async () => {
    const run = await cli(["--add-dir", "extra", "-p", "x"], "ok", {
      homedir: path.join(tmp, "other-home"),
      fakeEnv: { FAKE_CODEX_WITHOUT: "--add-dir", FAKE_CODEX_VERSION: "0.41.0" },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "ccw: error: the installed Codex 0.41.0 does not support --add-dir, which this request needs",
    );
  });
});

describe("ccw cli: usage errors (exit 2, nothing runs)", () => {
  it.each([
    [
      ["--tool", "gemini", "-p", "x"],
      "ccw: error: --tool gemini is not supported; supported tools: codex",
    ],
    [
      ["--mode", "yolo", "-p", "x"],
      "argument 'yolo' is invalid. Allowed choices are analysis, write.",
    ],
    [
      ["--resume", "abc", "--last", "-p", "x"],
      "ccw: error: --resume and --last cannot be used together",
    ],
    [["--timeout", "", "-p", "x"], 'ccw: error: --timeout "" is not a duration'],
    [["--timeout", "soon", "-p", "x"], 'ccw: error: --timeout "soon" is not a duration'],
    [["-p", "x", "-f", "y"], "ccw: error: -p/--prompt and -f/--file cannot be used together"],
    [["-p", "  \n"], "ccw: error: the prompt (-p) is empty"],
    [["--cd", "nowhere", "-p", "x"], "ccw: error: --cd"],
    [["--image", "missing.png", "-p", "x"], "ccw: error: --image"],
    [
      ["--config", "novalue", "-p", "x"],
      "ccw: error: invalid Codex request: config[0] must look like key=value",
    ],
    [["-f", "missing.md"], "ccw: error: cannot read the prompt file"],
    [["--bogus"], "error: unknown option '--bogus'"],
  ])("%j", async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });

  it("no prompt and a terminal on stdin", async () => {
    const run = await cli([], "ok", { tty: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "ccw: error: no prompt: pass -p <text>, -f <file>, or pipe the prompt on stdin",
    );
  });

  it("--help says how --mode maps to the sandbox, and the exit codes", async () => {
    const run = await runCli(["cli", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout.replace(/\s+/g, " ")).toContain(
      "analysis: Codex may read but not write (codex -s read-only); write: Codex may change files in the workspace (codex -s workspace-write)",
    );
    expect(run.stdout.replace(/\s+/g, " ")).toContain(
      "Exit codes: 0 completed, 1 Codex failed, 2 usage error, 124 timed out, 127 Codex not found, 130 interrupted.",
    );
  });
});
