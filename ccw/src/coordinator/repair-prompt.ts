/**
 * The text of a repair turn (docs/coordinator.md, "Verified steps"): sent on the step's own
 * Codex thread, it names every problem the contract check or a `--verify` command found, and
 * asks for those to be fixed, nothing else.
 */
import { type ArtifactContract, describeContract } from "../tools/registry/prompt-writes.js";
import { type ContractProblem, formatProblem } from "./contract-check.js";

/** A `--verify` command that failed, as the repair prompt names it. */
export interface VerifyFailure {
  readonly command: string;
  /** `exit code 1`, `killed by SIGKILL`, … */
  readonly failure: string;
  readonly outputTail: string;
}

/** The first line of every repair prompt (the model server's scripts match on it). */
export const REPAIR_HEADING = "ccw repair turn";

/** The repair prompt for turn `turn` of `of`. */
export function buildRepairPrompt(input: {
  artifactsDir: string;
  contract: ArtifactContract | undefined;
  problems: readonly ContractProblem[];
  verifyFailures: readonly VerifyFailure[];
  turn: number;
  of: number;
}): string {
  const lines = [
    `${REPAIR_HEADING} ${input.turn} of ${input.of}: the step you just finished did not meet its contract.`,
    "",
  ];
  if (input.problems.length > 0) {
    lines.push(
      `ccw checked the files you were asked to write in ${input.artifactsDir} and found ${count(input.problems.length, "problem")}:`,
      "",
      ...input.problems.map((problem) => `- ${formatProblem(problem)}`),
      "",
    );
  }
  for (const failure of input.verifyFailures) {
    lines.push(
      `The check \`${failure.command}\` (run by ccw in the workspace after this step) failed: ${failure.failure}.`,
      ...(failure.outputTail === ""
        ? ["It printed nothing."]
        : ["The end of its output:", "", "```text", failure.outputTail, "```"]),
      "",
    );
  }
  if (input.contract) {
    lines.push(
      "The files this step must leave (paths inside the artifacts folder):",
      ...describeContract(input.contract).map((line) => `- ${line.replace("$ARTIFACT_DIR/", "")}`),
      "On success write every file marked on success or always; if you cannot do the step, write the file marked when blocked instead.",
      "",
    );
  }
  lines.push(
    "Fix exactly these problems and nothing else: do not redo work that is already correct, and do not change files the problems do not concern.",
    "Write each file whole, as valid UTF-8 JSON where it is JSON. Then end with the final message your original instructions ask for.",
    "",
  );
  return lines.join("\n");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
