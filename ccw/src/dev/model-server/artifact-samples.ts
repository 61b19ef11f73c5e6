/**
 * A small valid document of every artifact shape (ccw/src/tools/artifact-shapes.ts), for
 * model-server scripts that play a step of the prompt pack: `write: { path, sample }` writes
 * one. A test parses each with its shape.
 */
import type { ArtifactShapeName } from "../../tools/registry/artifact-shape-names.js";

const check = { kind: "command", command: "npm test", expect: "exit 0" } as const;
const baseline = { git: true, dirty_before: [], failing_before: [] };

/** The samples, by shape name. */
export const ARTIFACT_SAMPLES = {
  "ccw-plan/1": {
    schema: "ccw-plan/1",
    producer: "model-server",
    task: "Add a greet function",
    summary: "Add src/greet.js exporting greet(name) and a test for it.",
    depth: "standard",
    assumptions: [],
    context: [],
    steps: [
      {
        id: "S1",
        title: "Add greet",
        files: ["src/greet.js"],
        actions: ["Create src/greet.js exporting greet(name) that returns 'hello ' + name"],
        depends_on: [],
        verification: [{ kind: "inspect", target: "src/greet.js", expect: "exports greet" }],
      },
    ],
    checks: [check],
    risks: [],
    out_of_scope: [],
  },
  "ccw-execution/1": {
    schema: "ccw-execution/1",
    task: "Add a greet function",
    plan: { path: "plan.json", producer: "model-server", summary: "Add greet." },
    depth: "standard",
    status: "completed",
    baseline,
    steps: [
      { id: "S1", title: "Add greet", status: "done", files_changed: ["src/greet.js"], notes: "" },
    ],
    files_changed: [{ path: "src/greet.js", change: "added" }],
    checks: [{ step: null, kind: "command", command: "npm test", result: "passed", exit_code: 0 }],
    deviations: [],
    follow_ups: [],
  },
  "ccw-issues/1": {
    schema: "ccw-issues/1",
    producer: "issue-discover",
    task: "Find issues",
    depth: "standard",
    scope: ["src"],
    perspectives: ["bug"],
    assumptions: [],
    issues: [],
  },
  "ccw-issue-plans/1": {
    schema: "ccw-issue-plans/1",
    task: "Plan the issues",
    depth: "standard",
    issues_file: "issues.json",
    plans: [],
    deferred: [],
    assumptions: [],
  },
  "ccw-queue/1": {
    schema: "ccw-queue/1",
    task: "Queue the plans",
    depth: "standard",
    queue: [],
    deferred: [],
  },
  "ccw-issue-results/1": {
    schema: "ccw-issue-results/1",
    task: "Fix the issues",
    depth: "standard",
    status: "completed",
    baseline,
    results: [],
    files_changed: [],
    checks: [],
    follow_ups: [],
  },
  "ccw-findings/1": {
    schema: "ccw-findings/1",
    producer: "analyze-with-file",
    task: "Analyze",
    depth: "standard",
    scope: ["src"],
    questions: [],
    findings: [],
    recommendations: [],
    open_questions: [],
  },
  "ccw-clean/1": {
    schema: "ccw-clean/1",
    task: "Clean up",
    depth: "standard",
    git: true,
    removed: [],
    modified: [],
    restored: [],
    candidates: [],
    checks: [],
    bytes_freed: 0,
  },
  "ccw-review/1": {
    schema: "ccw-review/1",
    producer: "review",
    task: "Review the greet function",
    depth: "standard",
    target: { kind: "working-tree", ref: "HEAD", files: ["src/greet.js"] },
    verdict: "approve",
    summary: "greet() does what it says; nothing to change.",
    findings: [],
    checks: [],
    not_reviewed: [],
  },
  "ccw-tests/1": {
    schema: "ccw-tests/1",
    task: "Test the greet function",
    depth: "standard",
    scope: ["src"],
    framework: { name: "node:test", command: "node --test" },
    gaps: [],
    tests_written: [],
    runs: [{ step: null, kind: "command", command: "node --test", result: "passed", exit_code: 0 }],
    bugs_found: [],
    status: "completed",
    follow_ups: [],
  },
  "ccw-docs/1": {
    schema: "ccw-docs/1",
    task: "Document the greet function",
    depth: "standard",
    scope: ["README.md"],
    changes: [],
    checks: [],
    left_out: [],
    status: "completed",
  },
  "ccw-error/1": {
    schema: "ccw-error/1",
    prompt: "model-server",
    task: "Add a greet function",
    reason: "input-invalid",
    message: "The task names a file that does not exist.",
    details: [],
  },
} as const satisfies Record<ArtifactShapeName, unknown>;

/** The JSON text of the sample of `shape`. */
export function artifactSample(shape: ArtifactShapeName): string {
  return `${JSON.stringify(ARTIFACT_SAMPLES[shape])}\n`;
}
