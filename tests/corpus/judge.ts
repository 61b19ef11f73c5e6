/**
 * The verdict on one corpus run: every way ccw can mishandle bad input, checked the same way
 * for every case. Pure, so tests/corpus/corpus.test.ts can also prove that each check fails
 * when it should.
 */
import path from "node:path";
import type { CorpusCase } from "./case-schema.js";
import { type Entry, isInside } from "./scratch.js";

/** What one run of the built ccw did. */
export interface RunOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly durationMs: number;
}

/** One difference between the snapshots taken before and after the run. */
export interface Change {
  readonly path: string;
  readonly change: "+" | "-" | "~";
}

export interface JudgeInput {
  readonly testCase: CorpusCase;
  readonly outcome: RunOutcome;
  readonly changes: readonly Change[];
  /** The workspace folder of the case. */
  readonly ws: string;
  /** Absolute paths of the entries the case created (they must stay as they were). */
  readonly inputs: ReadonlySet<string>;
  /** `may_write` with placeholders replaced, as absolute paths. */
  readonly mayWrite: readonly string[];
}

const STACK_FRAME = /^\s+at /m;
const INTERNAL_ERROR = /internal error/i;
const NODE_WARNING = /^\(node:\d+\) \[?[A-Za-z]*Warning/m;

/** Every problem of one run; an empty list means the case passed. */
export function judge(input: JudgeInput): string[] {
  const { testCase, outcome } = input;
  const problems: string[] = [];
  if (outcome.timedOut) {
    problems.push(`hang: still running after ${testCase.timeout_ms} ms (killed)`);
  } else if (outcome.exitCode !== testCase.expect.exit) {
    problems.push(
      `exit code ${outcome.exitCode ?? `signal ${outcome.signal}`}, expected ${testCase.expect.exit}`,
    );
  }
  for (const stream of ["stdout", "stderr"] as const) {
    const text = outcome[stream];
    const wanted = testCase.expect[stream];
    for (const fragment of wanted === undefined ? [] : [wanted].flat()) {
      if (!text.includes(fragment)) problems.push(`${stream} lacks ${JSON.stringify(fragment)}`);
    }
    if (testCase.expect.empty?.includes(stream) && text !== "") {
      problems.push(`${stream} should be empty`);
    }
    if (STACK_FRAME.test(text)) problems.push(`${stream} holds a stack trace`);
    if (INTERNAL_ERROR.test(text)) problems.push(`${stream} reports an internal error`);
    if (NODE_WARNING.test(text)) problems.push(`${stream} holds a Node.js warning`);
  }
  const workflow = path.join(input.ws, ".workflow");
  for (const { path: file, change } of input.changes) {
    if (allowed(file, input.mayWrite)) continue;
    if (input.inputs.has(file)) {
      problems.push(`an input was ${describe(change)}: ${file}`);
    } else if (!isInside(workflow, file)) {
      problems.push(`wrote outside ${workflow}/: ${change} ${file}`);
    }
  }
  return problems;
}

function allowed(file: string, mayWrite: readonly string[]): boolean {
  return mayWrite.some((entry) => {
    if (entry.endsWith("/")) return isInside(entry.slice(0, -1), file);
    // The folders that lead to an allowed file may appear too.
    return file === entry || isInside(file, entry);
  });
}

function describe(change: Change["change"]): string {
  return change === "+" ? "created" : change === "-" ? "removed" : "changed";
}

/** The inputs of a case: each entry it created and, for folders it copied, everything below. */
export function inputsOf(
  targets: readonly string[],
  before: ReadonlyMap<string, Entry>,
): Set<string> {
  const inputs = new Set<string>();
  for (const file of before.keys()) {
    if (targets.some((target) => isInside(target, file))) inputs.add(file);
  }
  return inputs;
}
