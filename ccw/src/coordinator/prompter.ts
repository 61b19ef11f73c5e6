/**
 * The questions the coordinator asks on a terminal. Tests inject their own CoordinatorPrompter;
 * the real one uses @inquirer/select and @inquirer/checkbox (loaded only when a question is
 * asked) on stdin/stderr, so stdout stays clean for --json.
 */
import type { InputStream, OutputStream } from "../context.js";
import type { SessionState } from "../session/state-schema.js";
import type { FailureDecision, RunPrompter } from "./execute.js";

/** `interrupted`: Ctrl-C at the question (a cancel that exits 130). */
export type PlanDecision = "confirm" | "details" | "adjust" | "cancel" | "interrupted";

/** A unit Adjust can add: one the plan's alternatives name that the chain does not have. */
export interface OfferedUnit {
  readonly id: string;
  readonly name: string;
  readonly steps: readonly string[];
}

/** Every question: the plan's confirmation, adjusting it, and what to do about a failed step. */
export interface CoordinatorPrompter extends RunPrompter {
  confirmPlan(state: SessionState): Promise<PlanDecision>;
  /**
   * Returns the ids of the units to keep or add, in the order to run them (whole units only),
   * or `interrupted` on Ctrl-C. `offered` are units of the alternatives, unchecked at first.
   */
  adjustUnits(
    state: SessionState,
    offered?: readonly OfferedUnit[],
  ): Promise<string[] | "interrupted">;
}

/** Whether `error` is inquirer's answer to Ctrl-C (or a closed terminal) at a question. */
export function isPromptExit(error: unknown): boolean {
  return error instanceof Error && error.name === "ExitPromptError";
}

async function orInterrupted<T>(question: Promise<T>): Promise<T | "interrupted"> {
  try {
    return await question;
  } catch (error) {
    if (isPromptExit(error)) return "interrupted";
    throw error;
  }
}

type PromptContext = { input: InputStream; output: OutputStream; clearPromptOnDone: false };

const loadSelect = async () => (await import("@inquirer/select")).default;

/** What the confirmation asks: the whole chain, or the steps a resume has left. */
export function confirmQuestion(state: SessionState): string {
  const remaining = state.command_chain.filter(
    (step) => step.status !== "completed" && step.status !== "skipped",
  ).length;
  const total = state.command_chain.length;
  return remaining === total
    ? `Run this chain of ${total} step${total === 1 ? "" : "s"}?`
    : `Run the ${remaining} remaining step${remaining === 1 ? "" : "s"} of this chain of ${total}?`;
}

async function askConfirm(context: PromptContext, state: SessionState) {
  const select = await loadSelect();
  return orInterrupted(
    select<PlanDecision>(
      {
        message: confirmQuestion(state),
        choices: [
          { name: "Confirm", value: "confirm", description: "run it now" },
          {
            name: "Show details",
            value: "details",
            description: "why this chain, and the alternatives",
          },
          { name: "Adjust", value: "adjust", description: "remove, reorder or add whole units" },
          { name: "Cancel", value: "cancel", description: "run nothing" },
        ],
      },
      context,
    ),
  );
}

async function askAdjust(
  context: PromptContext,
  state: SessionState,
  offered: readonly OfferedUnit[],
): Promise<string[] | "interrupted"> {
  const [checkbox, select] = await Promise.all([
    import("@inquirer/checkbox").then((loaded) => loaded.default),
    loadSelect(),
  ]);
  const names = new Map(offered.map((unit) => [unit.id, unit.name]));
  for (const unit of state.units) names.set(unit.id, unit.name);
  const kept = await orInterrupted(
    checkbox<string>(
      {
        message: "Units to run (a unit always runs whole; the unchecked ones are alternatives)",
        choices: [
          ...state.units.map((unit) => ({
            name: `${unit.name} (${unit.steps.map((index) => state.command_chain[index]?.command).join(" → ")})`,
            value: unit.id,
            checked: true,
          })),
          ...offered.map((unit) => ({
            name: `${unit.name} (${unit.steps.join(" → ")})`,
            value: unit.id,
            checked: false,
          })),
        ],
        required: true,
      },
      context,
    ),
  );
  if (kept === "interrupted") return kept;
  const ordered: string[] = [];
  const remaining = [...kept];
  while (remaining.length > 1) {
    const next = await orInterrupted(
      select<string>(
        {
          message: `Which unit runs ${ordered.length === 0 ? "first" : "next"}?`,
          choices: remaining.map((id) => ({ name: names.get(id) ?? id, value: id })),
        },
        context,
      ),
    );
    if (next === "interrupted") return next;
    ordered.push(next);
    remaining.splice(remaining.indexOf(next), 1);
  }
  return [...ordered, ...remaining];
}

/** The prompter of a real terminal. */
export function createInquirerPrompter(
  input: InputStream,
  output: OutputStream,
): CoordinatorPrompter {
  const context: PromptContext = { input, output, clearPromptOnDone: false };
  return {
    confirmPlan: (state) => askConfirm(context, state),
    adjustUnits: (state, offered = []) => askAdjust(context, state, offered),
    async onStepFailure({ state, index, record, refusal }) {
      const select = await loadSelect();
      const step = state.command_chain[index];
      const unit = state.units.find((candidate) => candidate.id === step?.unit);
      if (refusal) output.write(`${refusal}\n`);
      return select<FailureDecision>(
        {
          message: `Step ${index + 1} ${step?.command} ${(record?.status ?? "failed").replaceAll("_", " ")}${record?.error ? `: ${record.error.split("\n")[0]}` : ""}. What now?`,
          choices: [
            { name: "Retry", value: "retry", description: "run the step again" },
            {
              name: "Skip unit",
              value: "skip-unit",
              description: `skip ${unit?.name ?? "its unit"} entirely and go on`,
            },
            { name: "Abort", value: "abort", description: "stop the session for good" },
          ],
        },
        context,
      );
    },
  };
}
