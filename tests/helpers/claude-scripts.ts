/** Scripts of the Claude Code end-to-end tests: what Codex and the stand-in model answer. */
import { stepRule } from "./coordinator-e2e.js";

/** Codex's side: each step writes its artifact, then answers. */
export const QUICK_IMPLEMENTATION = {
  rules: [
    stepRule(
      "02-execute",
      "mkdir -p src && printf 'export const greet = () => 1;\\n' > src/greet.js && printf 'done\\n' > {{1}}/execution.md",
      "STATUS: ok\nImplemented src/greet.js",
    ),
    stepRule("01-lite-plan-a", "printf '{}\\n' > {{1}}/plan.json", "STATUS: ok\nWrote plan.json"),
  ],
};

/** The model's side: plan, run detached, wait until it ends, report. */
export const PLAN_RUN_WAIT = {
  vars: { session: '"session_id": "(codex-coord-[^"]+)"' },
  turns: [
    {
      say: "Planning the chain.",
      tool: {
        name: "Bash",
        input: {
          command:
            "ccw coordinator codex 'Add a greet function' --plan-only --json --chain quick-implementation",
          description: "Plan the chain",
        },
      },
    },
    {
      say: "You confirmed with --yes; starting it in the background.",
      tool: {
        name: "Bash",
        input: { command: "ccw coordinator resume {{session}} --detach", description: "Run it" },
      },
    },
    {
      tool: {
        name: "Bash",
        input: {
          command: "ccw coordinator wait {{session}} --timeout 100s",
          description: "Wait for it",
          timeout: 115000,
        },
      },
      repeatWhile: "still running after",
    },
    { say: "The chain completed: lite-plan-a wrote plan.json, execute wrote src/greet.js." },
  ],
};
