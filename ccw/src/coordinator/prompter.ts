/**
 * The questions the coordinator asks on a terminal. Tests inject their own CoordinatorPrompter;
 * the real one uses @inquirer/select and @inquirer/checkbox (loaded only when a question is
 * asked) on stdin/stderr, so stdout stays clean for --json.
 */
import type { InputStream, OutputStream } from "../context.js";
import type { SessionState } from "../session/state-schema.js";
import type { FailureDecision, RunPrompter } from "./execute.js";

export type PlanDecision = "confirm" | "details" | "adjust" | "cancel";

/** Every question: the plan's confirmation, adjusting it, and what to do about a failed step. */
export interface CoordinatorPrompter extends RunPrompter {
  confirmPlan(state: SessionState): Promise<PlanDecision>;
  /** Returns the ids of the units to keep, in the order to run them (whole units only). */
  adjustUnits(state: SessionState): Promise<string[]>;
}

/** Where @inquirer asks: on stdin and stderr, leaving the answered question on screen. */
interface PromptContext {
  readonly input: InputStream;
  readonly output: OutputStream;
  readonly clearPromptOnDone: false;
}

const loadSelect = async () => (await import("@inquirer/select")).default;

/** The prompter of a real terminal. */
export function createInquirerPrompter(
  input: InputStream,
  output: OutputStream,
): CoordinatorPrompter {
  const context: PromptContext = { input, output, clearPromptOnDone: false };
  return {
    async confirmPlan(state) {
      const select = await loadSelect();
      return select<PlanDecision>(
        {
          message: `Run this chain of ${state.command_chain.length} steps?`,
          choices: [
            { name: "Confirm", value: "confirm", description: "run it now" },
            {
              name: "Show details",
              value: "details",
              description: "why this chain, and the alternatives",
            },
            { name: "Adjust", value: "adjust", description: "remove or reorder whole units" },
            { name: "Cancel", value: "cancel", description: "run nothing" },
          ],
        },
        context,
      );
    },
    adjustUnits: (state) => adjustUnits(state, context),
    async onStepFailure({ state, index, record, refusal }) {
      const select = await loadSelect();
      const step = state.command_chain[index];
      const unit = state.units.find((candidate) => candidate.id === step?.unit);
      if (refusal) output.write(`${refusal}\n`);
      return select<FailureDecision>(
        {
          message: `Step ${index + 1} ${step?.command} ${record?.status ?? "failed"}${record?.error ? `: ${record.error.split("\n")[0]}` : ""}. What now?`,
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

/** Which units to keep (checkboxes), then their order (one question per place). */
async function adjustUnits(state: SessionState, context: PromptContext): Promise<string[]> {
  const [checkbox, select] = await Promise.all([
    import("@inquirer/checkbox").then((loaded) => loaded.default),
    loadSelect(),
  ]);
  const kept = await checkbox<string>(
    {
      message: "Units to keep (a unit always runs whole)",
      choices: state.units.map((unit) => ({
        name: `${unit.name} (${unit.steps.map((index) => state.command_chain[index]?.command).join(" → ")})`,
        value: unit.id,
        checked: true,
      })),
      required: true,
    },
    context,
  );
  const ordered: string[] = [];
  const remaining = [...kept];
  while (remaining.length > 1) {
    const next = await select<string>(
      {
        message: `Which unit runs ${ordered.length === 0 ? "first" : "next"}?`,
        choices: remaining.map((id) => ({
          name: state.units.find((unit) => unit.id === id)?.name ?? id,
          value: id,
        })),
      },
      context,
    );
    ordered.push(next);
    remaining.splice(remaining.indexOf(next), 1);
  }
  return [...ordered, ...remaining];
}
