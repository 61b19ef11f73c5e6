/**
 * The bad-input corpus (tests/corpus/README.md): every case of tests/corpus/cases/*.yaml runs
 * the built ccw (`npm run build`) in a fresh scratch folder and must exit with its code, print
 * its message fragment, print no stack trace, not hang, and write nothing outside the
 * workspace's .workflow/ folder (and not touch its own input files) unless the case allows it.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CCW_BIN } from "../helpers/codex-e2e.js";
import { type CorpusCase, loadCorpus } from "./case-schema.js";
import { inputsOf, judge, type RunOutcome } from "./judge.js";
import {
  createScratch,
  diffSnapshots,
  FIXTURES,
  REPO_ROOT,
  renderSpec,
  type Scratch,
  snapshot,
  substitute,
  writeEntry,
} from "./scratch.js";

const CASES_DIR = path.join(REPO_ROOT, "tests", "corpus", "cases");
const SURFACES = loadCorpus(CASES_DIR);
const CONCURRENCY = 4;
const OUTPUT_LIMIT = 1 << 20;

const base = mkdtempSync(path.join(os.tmpdir(), "ccw-corpus-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** At most `limit` tasks at once, in the order they asked. */
function semaphore(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
const limited = semaphore(CONCURRENCY);

function environment(scratch: Scratch, testCase: CorpusCase): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: scratch.home,
    CODEX_HOME: scratch.codexHome,
    XDG_CACHE_HOME: path.join(scratch.ws, ".workflow", ".cache"),
    TMPDIR: scratch.tmp,
    NO_COLOR: "1",
    TERM: "dumb",
    // A case that reaches Codex without naming one gets a fake that prints nothing, never the
    // real Codex (which would try the network).
    CCW_CODEX_BIN: path.join(FIXTURES, "scripted-codex.mjs"),
  };
  for (const [name, value] of Object.entries(testCase.env)) {
    env[name] = substitute(value, scratch.vars);
  }
  return env;
}

/** Runs the built ccw once; kills its process group when it outlives `timeoutMs`. */
function runCcw(options: {
  argv: readonly string[];
  cwd: string;
  env: Record<string, string>;
  stdin: Buffer;
  timeoutMs: number;
}): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CCW_BIN, ...options.argv], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    const collect = (stream: NodeJS.ReadableStream) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        if (size < OUTPUT_LIMIT) chunks.push(chunk);
        size += chunk.length;
      });
      return () => Buffer.concat(chunks).toString("utf8");
    };
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid ?? 0), "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        stdout: stdout(),
        stderr: stderr(),
        timedOut,
        durationMs: Date.now() - started,
      });
    });
    // ccw may exit before it reads stdin; that is not an error of the case.
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin);
  });
}

async function runCase(surface: string, testCase: CorpusCase): Promise<void> {
  const scratch = createScratch(path.join(base, `${surface}--${testCase.name}`));
  const targets: string[] = [];
  for (const [file, spec] of Object.entries(testCase.files)) {
    writeEntry(scratch, file, spec);
    targets.push(path.resolve(substitute(file, scratch.vars)));
  }
  const stdin =
    testCase.stdin === undefined ? Buffer.alloc(0) : renderSpec(testCase.stdin, scratch.vars);
  if (!Buffer.isBuffer(stdin)) {
    throw new Error(`${testCase.name}: stdin must be content, not a link, folder or copy`);
  }
  const before = snapshot(scratch.root);
  const outcome = await runCcw({
    argv: testCase.argv.map((arg) => substitute(arg, scratch.vars)),
    cwd: path.resolve(substitute(testCase.cwd ?? "{ws}", scratch.vars)),
    env: environment(scratch, testCase),
    stdin,
    timeoutMs: testCase.timeout_ms,
  });
  const changes = diffSnapshots(before, snapshot(scratch.root));
  const fragments = (value: string | string[] | undefined) =>
    value === undefined ? undefined : [value].flat().map((text) => substitute(text, scratch.vars));
  const problems = judge({
    testCase: {
      ...testCase,
      expect: {
        ...testCase.expect,
        stdout: fragments(testCase.expect.stdout),
        stderr: fragments(testCase.expect.stderr),
      },
    },
    outcome,
    changes,
    ws: scratch.ws,
    inputs: inputsOf(targets, before),
    mayWrite: testCase.may_write.map((entry) => {
      const resolved = path.resolve(substitute(entry, scratch.vars));
      return entry.endsWith("/") ? `${resolved}/` : resolved;
    }),
  });
  if (problems.length > 0) {
    const tail = (text: string) => (text.length > 2000 ? `…${text.slice(-2000)}` : text);
    throw new Error(
      [
        `${surface}/${testCase.name} (${testCase.about}):`,
        ...problems.map((problem) => `  - ${problem}`),
        `argv: ${JSON.stringify(testCase.argv)}`,
        `exit: ${outcome.exitCode} after ${outcome.durationMs} ms`,
        `stdout:\n${tail(outcome.stdout)}`,
        `stderr:\n${tail(outcome.stderr)}`,
      ].join("\n"),
    );
  }
  rmSync(scratch.root, { recursive: true, force: true });
}

describe("the corpus itself", () => {
  const cases = SURFACES.flatMap((surface) => surface.cases);

  it("has at least 50 cases with unique names, over every surface", () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const names = cases.map((testCase) => testCase.name);
    expect(names.filter((name, at) => names.indexOf(name) !== at)).toEqual([]);
    expect(SURFACES.map((surface) => surface.name)).toEqual([
      "checkpoints",
      "cli-args",
      "codex-jsonl",
      "evidence",
      "hook-install",
      "hook-status",
      "model-server",
      "parity",
      "prompt-files",
      "state-json",
    ]);
  });

  it("needs the built ccw", () => {
    expect(existsSync(path.join(REPO_ROOT, "ccw", "dist", "cli.cjs")), "run npm run build").toBe(
      true,
    );
  });
});

describe.concurrent("bad-input corpus", () => {
  for (const surface of SURFACES) {
    describe(surface.name, () => {
      for (const testCase of surface.cases) {
        if (testCase.known_defect !== undefined) {
          it.skip(`${testCase.name} (known defect: ${testCase.known_defect})`, () => {});
          continue;
        }
        it(
          testCase.name,
          () => limited(() => runCase(surface.name, testCase)),
          testCase.timeout_ms + 30_000,
        );
      }
    });
  }
});
