/**
 * The options of verified steps (docs/coordinator.md, "Verified steps") that `ccw coordinator
 * codex` takes: `--max-repairs <n>` and `--verify <command>` (repeatable).
 */
import { InvalidArgumentError, Option } from "commander";
import { DEFAULT_MAX_REPAIRS, MAX_REPAIRS } from "../tools/codex/run-limits.js";

/** The parsed flags. */
export interface VerifiedStepFlags {
  maxRepairs?: number;
  verify?: string[];
}

function parseRepairs(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > MAX_REPAIRS)
    throw new InvalidArgumentError(
      `expected a whole number of repair turns from 0 (off) to ${MAX_REPAIRS}.`,
    );
  return Number(value);
}

function collectVerify(value: string, previous: string[] | undefined): string[] {
  if (value.trim() === "") throw new InvalidArgumentError("expected a command, not an empty text.");
  return [...(previous ?? []), value];
}

/** `--max-repairs <n>`: repair turns per attempt, 0 to switch them off. */
export function maxRepairsOption(): Option {
  return new Option(
    "--max-repairs <n>",
    `repair turns on the step's own Codex thread when it breaks its contract (0 = off, at most ${MAX_REPAIRS}; default ${DEFAULT_MAX_REPAIRS})`,
  ).argParser(parseRepairs);
}

/**
 * `--verify <command>`: the user's own check, run with `sh -c` in the workspace after each
 * unit (on purpose: it is a command line the user typed, like an npm script).
 */
export function verifyOption(): Option {
  return new Option(
    "--verify <command>",
    "a check of your own, run with sh -c in the workspace after each unit, e.g. 'npm test' (repeatable)",
  ).argParser(collectVerify);
}
