// One exit code, one meaning: docs/cli.md's table is read here, it must list exactly the codes
// of ExitCode (ccw/src/errors.ts), and each code is produced by a real invocation of the
// meaning the table gives it.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { main } from "../../ccw/src/cli.js";
import { ExitCode } from "../../ccw/src/errors.js";
import { forgetCodexProbes } from "../../ccw/src/tools/codex/codex-binary.js";
import { runCli, testContext } from "../helpers/cli-context.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FAKE = path.join(ROOT, "tests/fixtures/fake-codex/fake-codex.mjs");
beforeEach(() => forgetCodexProbes());

/** The codes and meanings of docs/cli.md's "Exit codes" table. */
function documentedCodes(): Map<number, string> {
  const text = readFileSync(path.join(ROOT, "docs/cli.md"), "utf8");
  const section = text.split("## Exit codes")[1]?.split("\n## ")[0] ?? "";
  const rows = [...section.matchAll(/^\| (\d+) +\| (.+?) *\|$/gm)];
  return new Map(rows.map((row) => [Number(row[1]), row[2] ?? ""]));
}

/** A fresh workspace with a planned session. */
async function planned() {
  const root = mkdtempSync(path.join(os.tmpdir(), "ccw-exit-"));
  const dir = path.join(root, "ws");
  mkdirSync(dir);
  const options = {
    cwd: dir,
    homedir: root,
    env: { CODEX_HOME: path.join(root, "home"), PATH: process.env.PATH ?? "" },
    builtinPrompts: path.join(ROOT, ".codex", "prompts"),
  };
  const result = await runCli(
    ["coordinator", "codex", "Add a button", "--plan-only", "--json"],
    options,
  );
  expect(result.code).toBe(0);
  const id = JSON.parse(result.stdout).session_id as string;
  const sessionDir = path.join(dir, ".workflow", ".codex-coordinator", id);
  return { root, dir, id, sessionDir, options };
}

const fakeCli = (scenario: string, extra: string[] = [], interrupt?: AbortSignal) => {
  const root = mkdtempSync(path.join(os.tmpdir(), "ccw-exit-cli-"));
  return runCli(["cli", "--codex-bin", FAKE, "-p", "x", ...extra], {
    cwd: root,
    homedir: root,
    env: { PATH: process.env.PATH ?? "", FAKE_CODEX_SCENARIO: scenario },
    ...(interrupt ? { interrupt } : {}),
  });
};

/** For each code, a command whose outcome is that code's meaning. */
const WALK: Record<number, () => Promise<{ code: number; stderr: string }>> = {
  0: () => runCli(["--version"]),
  1: async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "ccw-exit-"));
    return runCli(["workflow", "diff", "--codex"], {
      cwd: root,
      homedir: root,
      env: { CODEX_HOME: path.join(root, "empty") },
    });
  },
  2: () => runCli(["coordinator", "--no-such-option"]),
  4: async () => {
    const session = await planned();
    return runCli(["coordinator", "wait", session.id, "--timeout", "5s"], session.options);
  },
  65: async () => {
    const session = await planned();
    writeFileSync(path.join(session.sessionDir, "state.json"), "{ not json");
    return runCli(["coordinator", "status", session.id], session.options);
  },
  66: async () => {
    const session = await planned();
    return runCli(["coordinator", "status", "no-such-session"], session.options);
  },
  70: async () => {
    // A bug: something that is no CcwError escapes (here, stdout itself throws).
    const { ctx, stderr } = testContext();
    const broken = new PassThrough();
    broken.write = () => {
      throw new TypeError("boom");
    };
    const code = await main(["--version"], { ...ctx, stdout: broken });
    return { code, stderr: stderr.text() };
  },
  74: async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "ccw-exit-"));
    writeFileSync(path.join(root, ".workflow"), "a file where the folder goes\n");
    return runCli(["coordinator", "list"], { cwd: root, homedir: root });
  },
  75: async () => {
    const session = await planned();
    // A live process (this one) holds the session's lock.
    const lock = path.join(session.sessionDir, "lock");
    mkdirSync(lock, { recursive: true });
    const owner = {
      pid: process.pid,
      host: os.hostname(),
      started_at: new Date().toISOString(),
      token: "t",
    };
    writeFileSync(path.join(lock, "1.json"), JSON.stringify(owner));
    return runCli(
      ["coordinator", "resume", session.id, "--yes", "--codex-bin", FAKE],
      session.options,
    );
  },
  124: () => fakeCli("hang-polite", ["--timeout", "1s"]),
  127: () => fakeCli("ok", ["--codex-bin", path.join(os.tmpdir(), "no-such-codex")]),
  130: () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort("SIGINT"), 600);
    return fakeCli("hang-polite", [], controller.signal);
  },
};

describe("exit codes (docs/cli.md)", () => {
  const documented = documentedCodes();

  it("the table lists exactly the codes ccw uses, each once", () => {
    expect([...documented.keys()].sort((a, b) => a - b)).toEqual(
      [...new Set(Object.values(ExitCode))].sort((a, b) => a - b),
    );
    expect(
      Object.keys(WALK)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([...documented.keys()].sort((a, b) => a - b));
  });

  it.each([...documentedCodes()].map(([code, meaning]) => [code, meaning] as const))(
    "%i: %s",
    async (code) => {
      const walk = WALK[code];
      expect(walk, `no invocation walks exit code ${code}`).toBeDefined();
      const result = await walk?.();
      expect(result?.code, result?.stderr).toBe(code);
      // An error is reported as `ccw: ...` (4 and 1 are outcomes, told in their own words).
      if (code >= 2 && code !== ExitCode.waiting) expect(result?.stderr).toMatch(/^ccw: /m);
    },
    30_000,
  );
});
