/**
 * The scripted model behind `ccw demo`: it answers the two steps of a Quick Implementation
 * chain the way a real model would use Codex's tools. The plan step writes a `ccw-plan/1`
 * plan into its artifacts folder; the execute step reads that plan, writes the code and its
 * test, runs the test, and records what happened. Paths come from the prompts themselves
 * (regex captures), so the script works in any scratch folder.
 */
import type { ModelServerScriptSource } from "../dev/model-server/script.js";

export const DEMO_INTENT =
  "Add a greet(name) function in src/greet.js that returns a greeting, with a unit test";

const PLAN = {
  schema: "ccw-plan/1",
  producer: "lite-plan-a",
  task: DEMO_INTENT,
  summary: "Add greet() as an ES module with input validation, and cover it with node:test.",
  depth: "standard",
  assumptions: ["The project is an ES module package (package.json has type: module)."],
  context: [{ path: "package.json", note: "ES modules; tests run with node --test" }],
  steps: [
    {
      id: "S1",
      title: "greet() in src/greet.js",
      files: ["src/greet.js"],
      actions: [
        "Export greet(name): trims the name, rejects an empty one with a TypeError, returns `Hello, <name>!`",
      ],
      depends_on: [],
      verification: [{ kind: "inspect", target: "src/greet.js", expect: "exports greet" }],
    },
    {
      id: "S2",
      title: "Unit test",
      files: ["test/greet.test.js"],
      actions: ["Test the greeting and the rejection of an empty name with node:test"],
      depends_on: ["S1"],
      verification: [
        { kind: "command", command: "node --test test/greet.test.js", expect: "exit 0" },
      ],
    },
  ],
  checks: [{ kind: "command", command: "node --test test/greet.test.js", expect: "exit 0" }],
  risks: [],
  out_of_scope: ["Localised greetings"],
};

const GREET_JS = `/** Greets someone by name. */
export function greet(name) {
  if (typeof name !== "string" || name.trim() === "") {
    throw new TypeError("greet: name must be a non-empty string");
  }
  return \`Hello, \${name.trim()}!\`;
}
`;

const GREET_TEST_JS = `import assert from "node:assert/strict";
import { test } from "node:test";
import { greet } from "../src/greet.js";

test("greets by name", () => {
  assert.equal(greet(" Ada "), "Hello, Ada!");
});

test("rejects an empty name", () => {
  assert.throws(() => greet("  "), TypeError);
});
`;

/** A shell here-document that writes `text` to `file` verbatim. */
function writeFile(file: string, text: string): string {
  return `cat > ${file} <<'CCW_DEMO_EOF'\n${text.endsWith("\n") ? text : `${text}\n`}CCW_DEMO_EOF`;
}

const EXECUTION_JSON = (artifacts: string) =>
  [
    `if node --test test/greet.test.js > ${artifacts}/node-test.log 2>&1; then result=passed; code=0; else result=failed; code=1; fi`,
    `cat > ${artifacts}/execution.json <<CCW_DEMO_EOF`,
    JSON.stringify(
      {
        schema: "ccw-execution/1",
        task: DEMO_INTENT,
        plan: { path: "PLAN_PATH", producer: "lite-plan-a", summary: PLAN.summary },
        depth: "standard",
        status: "completed",
        baseline: { git: false, dirty_before: [], failing_before: [] },
        steps: [
          {
            id: "S1",
            title: "greet() in src/greet.js",
            status: "done",
            files_changed: ["src/greet.js"],
            notes: "",
          },
          {
            id: "S2",
            title: "Unit test",
            status: "done",
            files_changed: ["test/greet.test.js"],
            notes: "",
          },
        ],
        files_changed: [
          { path: "src/greet.js", change: "added" },
          { path: "test/greet.test.js", change: "added" },
        ],
        checks: [
          {
            kind: "command",
            command: "node --test test/greet.test.js",
            step: null,
            result: "RESULT",
            exit_code: "EXIT_CODE",
            output_excerpt: "see node-test.log",
          },
        ],
        deviations: [],
        follow_ups: [],
      },
      null,
      2,
    )
      .replace('"RESULT"', '"$result"')
      .replace('"EXIT_CODE"', "$code"),
    "CCW_DEMO_EOF",
  ].join("\n");

/** The model-server script of the demo. Later steps first: a prompt also names earlier folders. */
export function demoScript(): ModelServerScriptSource {
  return {
    rules: [
      {
        name: "execute",
        match: { regex: "(/\\S*?/steps/02-execute/artifacts)" },
        reply: [
          { command: "cat {{1}}/../../01-lite-plan-a/artifacts/plan.json", delayMs: 300 },
          {
            command: `mkdir -p src test && ${writeFile("src/greet.js", GREET_JS)}\n${writeFile("test/greet.test.js", GREET_TEST_JS)}`,
            delayMs: 300,
          },
          {
            command: `${EXECUTION_JSON("{{1}}").replace("PLAN_PATH", "{{1}}/../../01-lite-plan-a/artifacts/plan.json")}\nprintf '# Summary\\n\\nAdded greet() and its test; see execution.json.\\n' > {{1}}/summary.md`,
            delayMs: 300,
          },
          {
            text: "STATUS: ok\nImplemented the plan: src/greet.js and test/greet.test.js; `node --test` ran (see execution.json and node-test.log).",
          },
        ],
      },
      {
        name: "lite-plan-a",
        match: { regex: "(/\\S*?/steps/01-lite-plan-a/artifacts)" },
        reply: [
          { command: "ls -la && cat package.json", delayMs: 300 },
          {
            command: `${writeFile("{{1}}/plan.json", JSON.stringify(PLAN, null, 2))}\n${writeFile(
              "{{1}}/plan.md",
              `# Plan: ${DEMO_INTENT}\n\n1. S1: greet() in src/greet.js\n2. S2: a node:test unit test\n\nCheck: node --test test/greet.test.js\n`,
            )}`,
            delayMs: 300,
          },
          {
            text: "STATUS: ok\nWrote plan.json (2 steps: S1 greet() in src/greet.js, S2 its unit test) and plan.md.",
          },
        ],
      },
    ],
    default: { text: "STATUS: blocked\nThe demo model only knows the demo's two steps." },
  };
}
