/** Scripts of the Claude Code end-to-end tests: what Codex and the stand-in model answer. */
import { type ScriptedWrite, stepRule } from "./coordinator-e2e.js";

const PLAN_STEP = "printf '# Plan\\n' > {{1}}/plan.md";
const PLAN_WRITES: ScriptedWrite[] = [{ file: "plan.json", sample: "ccw-plan/1" }];
const EXECUTE_STEP = "mkdir -p src && printf 'export const greet = () => 1;\\n' > src/greet.js";
const EXECUTE_WRITES: ScriptedWrite[] = [
  { file: "execution.json", sample: "ccw-execution/1" },
  { file: "summary.md", content: "# Summary\n" },
];

/** Codex's side: each step does its work, writes its declared artifacts, then answers. */
export const QUICK_IMPLEMENTATION = {
  rules: [
    stepRule("02-execute", EXECUTE_STEP, "STATUS: ok\nImplemented src/greet.js", EXECUTE_WRITES),
    stepRule("01-lite-plan-a", PLAN_STEP, "STATUS: ok\nWrote plan.json", PLAN_WRITES),
  ],
};

/** A step rule whose final answer comes `delayMs` late: the step is seen running meanwhile. */
function slowStepRule(
  stepDir: string,
  command: string,
  reply: string,
  writes: readonly ScriptedWrite[],
  delayMs: number,
) {
  const rule = stepRule(stepDir, command, reply, writes);
  return { ...rule, reply: [...rule.reply.slice(0, -1), { text: reply, delayMs }] };
}

/** Codex's side, slowly: the second step is still running well after the first has ended. */
export const SLOW_QUICK_IMPLEMENTATION = {
  rules: [
    slowStepRule(
      "02-execute",
      EXECUTE_STEP,
      "STATUS: ok\nImplemented src/greet.js",
      EXECUTE_WRITES,
      45_000,
    ),
    slowStepRule("01-lite-plan-a", PLAN_STEP, "STATUS: ok\nWrote plan.json", PLAN_WRITES, 15_000),
  ],
};

const SESSION_VAR = { session: '"session_id": "(codex-coord-[^"]+)"' };

const PLAN_TURN = {
  say: "Planning the chain.",
  tool: {
    name: "Bash",
    input: {
      command:
        "ccw coordinator codex 'Add a greet function' --plan-only --json --chain quick-implementation",
      description: "Plan the chain",
    },
  },
};

const RUN_TURN = {
  say: "Starting it in the background.",
  tool: {
    name: "Bash",
    input: { command: "ccw coordinator resume {{session}} --detach", description: "Run it" },
  },
};

const WAIT_TURN = {
  tool: {
    name: "Bash",
    input: {
      command: "ccw coordinator wait {{session}} --timeout 100s",
      description: "Wait for it",
      timeout: 115_000,
    },
  },
  repeatWhile: "still running after",
};

/** The model's side in print mode (the user confirmed with --yes): plan, run, wait, report. */
export const PLAN_RUN_WAIT = {
  vars: SESSION_VAR,
  turns: [
    PLAN_TURN,
    RUN_TURN,
    WAIT_TURN,
    { say: "The chain completed: lite-plan-a wrote plan.json, execute wrote src/greet.js." },
  ],
};

/** The question the TUI script asks, as AskUserQuestion takes it. */
export const RUN_QUESTION = "Run the planned chain?";

/** The model's side in the TUI: plan, ask (Run / Adjust / Cancel), run detached, wait. */
export const PLAN_ASK_RUN_WAIT = {
  vars: SESSION_VAR,
  turns: [
    PLAN_TURN,
    {
      say: "Here is the plan: lite-plan-a, then execute.",
      tool: {
        name: "AskUserQuestion",
        input: {
          questions: [
            {
              question: RUN_QUESTION,
              header: "Chain",
              multiSelect: false,
              options: [
                { label: "Run", description: "Run it in the background" },
                { label: "Adjust", description: "Change the units" },
                { label: "Cancel", description: "Run nothing" },
              ],
            },
          ],
        },
      },
    },
    RUN_TURN,
    WAIT_TURN,
    { say: "The chain completed." },
  ],
};

/** A new session that only follows the newest run to its end. */
export const WAIT_LAST = {
  turns: [
    {
      tool: {
        name: "Bash",
        input: {
          command: "ccw coordinator wait --last --timeout 100s",
          description: "Wait for the newest session",
          timeout: 115_000,
        },
      },
      repeatWhile: "still running after",
    },
    { say: "It has ended." },
  ],
};
