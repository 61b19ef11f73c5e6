/**
 * The artifact shapes of the prompt pack (docs/prompt-pack.md), as zod schemas, by the shape
 * name a prompt's Writes line gives (`ccw-plan/1`). The coordinator checks every JSON artifact
 * a step declares against its shape (docs/coordinator.md, "Verified steps"); the pack's tests
 * parse every JSON example in the prompts and in the docs with them, so a prompt that tells
 * Codex to write a field the docs do not define (or forgets one they require) fails a test.
 * Strict objects on purpose: producers in this pack write only documented fields.
 *
 * zod/mini, the coordinator's zod (ccw/src/zod.ts): built only when a step's artifacts are
 * checked; artifact-shape-names.ts lists the names without building them, for the registry.
 */
import type { $RefinementCtx } from "zod/v4/core";
import * as z from "../../zod.js";

/** A text that is not empty. */
export const text = z.string().check(z.minLength(1));
export const depth = z.enum(["standard", "deep"]);
export const confidence = z.enum(["high", "medium", "low"]);
const stepId = z.string().check(z.regex(/^S[1-9][0-9]*$/));
const issueId = z.string().check(z.regex(/^ISS-[0-9]{3,}$/));
/** A workspace-relative path with forward slashes (never absolute, never `..`). */
export const relPath = z.string().check(
  z.minLength(1),
  z.refine(
    (p: string) => !p.startsWith("/") && !p.includes("\\") && !p.split("/").includes(".."),
    "must be relative to the workspace, with forward slashes and no '..'",
  ),
);

export const Check = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("command"), command: text, expect: text }),
  z.strictObject({ kind: z.literal("inspect"), target: text, expect: text }),
]);

const checkResultBase = {
  step: z.nullable(stepId),
  result: z.enum(["passed", "failed", "not_run"]),
  note: z.optional(z.string()),
};

export const CheckResult = z
  .discriminatedUnion("kind", [
    z.strictObject({
      ...checkResultBase,
      kind: z.literal("command"),
      command: text,
      exit_code: z.optional(z.int()),
      output_excerpt: z.optional(z.string()),
    }),
    z.strictObject({ ...checkResultBase, kind: z.literal("inspect"), target: text }),
  ])
  .check(
    z.refine(
      (c) => c.result !== "not_run" || (c.note ?? "") !== "",
      "a not_run check says why in note",
    ),
  );

export const PlanStep = z.strictObject({
  id: stepId,
  title: text,
  phase: z.optional(text),
  files: z.array(relPath),
  actions: z.array(text).check(z.minLength(1)),
  depends_on: z.array(stepId),
  verification: z.array(Check).check(z.minLength(1)),
});

export const Plan = z
  .strictObject({
    schema: z.literal("ccw-plan/1"),
    producer: text,
    issue_id: z.optional(issueId),
    task: text,
    summary: text,
    depth,
    assumptions: z.array(text),
    context: z.array(z.strictObject({ path: relPath, note: text })),
    root_cause: z.optional(
      z.strictObject({ summary: text, evidence: z.array(text).check(z.minLength(1)), confidence }),
    ),
    sources: z.optional(
      z
        .array(
          z.strictObject({
            ref: text,
            kind: z.enum(["plan-json", "markdown", "task-item"]),
            title: text,
            steps: z.array(stepId),
          }),
        )
        .check(z.minLength(1)),
    ),
    steps: z.array(PlanStep).check(z.minLength(1)),
    parallel_groups: z.optional(
      z.array(z.array(stepId).check(z.minLength(1))).check(z.minLength(1)),
    ),
    checks: z.array(Check),
    risks: z.array(z.strictObject({ risk: text, mitigation: text })),
    out_of_scope: z.array(text),
    rollback: z.optional(text),
  })
  .check(
    z.superRefine((plan, ctx) => {
      const order = new Map(plan.steps.map((step, index) => [step.id, index]));
      if (order.size !== plan.steps.length)
        ctx.addIssue({ code: "custom", message: "duplicate step id" });
      plan.steps.forEach((step, index) => {
        if (step.id !== `S${index + 1}`) {
          ctx.addIssue({ code: "custom", message: `steps[${index}] should be S${index + 1}` });
        }
        for (const dep of step.depends_on) {
          const at = order.get(dep);
          if (at === undefined || at >= index) {
            ctx.addIssue({
              code: "custom",
              message: `${step.id} depends on ${dep}, not an earlier step`,
            });
          }
        }
      });
      for (const source of plan.sources ?? []) {
        for (const id of source.steps) {
          if (!order.has(id))
            ctx.addIssue({ code: "custom", message: `source names unknown ${id}` });
        }
      }
      if (plan.parallel_groups) checkParallelGroups(plan, ctx);
    }),
  );

type PlanShape = {
  steps: readonly { id: string; files: readonly string[]; depends_on: readonly string[] }[];
  parallel_groups?: readonly (readonly string[])[] | undefined;
};

/** The three rules lite-plan-c states: each step in one group, disjoint files, earlier deps. */
function checkParallelGroups(plan: PlanShape, ctx: $RefinementCtx<unknown>): void {
  const groupOf = new Map<string, number>();
  (plan.parallel_groups ?? []).forEach((group, g) => {
    for (const id of group) {
      if (groupOf.has(id)) ctx.addIssue({ code: "custom", message: `${id} is in two groups` });
      groupOf.set(id, g);
    }
  });
  for (const step of plan.steps) {
    const g = groupOf.get(step.id);
    if (g === undefined) {
      ctx.addIssue({ code: "custom", message: `${step.id} is in no parallel group` });
      continue;
    }
    for (const dep of step.depends_on) {
      if ((groupOf.get(dep) ?? Number.POSITIVE_INFINITY) >= g) {
        ctx.addIssue({
          code: "custom",
          message: `${step.id} depends on ${dep} of its own or a later group`,
        });
      }
    }
  }
  for (const group of plan.parallel_groups ?? []) {
    const seen = new Map<string, string>();
    for (const id of group) {
      for (const file of plan.steps.find((step) => step.id === id)?.files ?? []) {
        const other = seen.get(file);
        if (other !== undefined) {
          ctx.addIssue({
            code: "custom",
            message: `${other} and ${id} share ${file} in one group`,
          });
        }
        seen.set(file, id);
      }
    }
  }
}

const FileChange = z.strictObject({
  path: relPath,
  change: z.enum(["added", "modified", "deleted", "renamed"]),
});

const Baseline = z.strictObject({
  git: z.boolean(),
  dirty_before: z.array(relPath),
  failing_before: z.array(text),
});

export const StepResult = z
  .strictObject({
    id: stepId,
    title: text,
    status: z.enum(["done", "skipped", "failed"]),
    files_changed: z.array(relPath),
    notes: z.string(),
    reason: z.optional(text),
  })
  .check(
    z.refine(
      (s) => s.status === "done" || s.reason !== undefined,
      "a skipped or failed step gives its reason",
    ),
  );

export const runStatus = z.enum(["completed", "partial", "failed"]);

export const Execution = z.strictObject({
  schema: z.literal("ccw-execution/1"),
  task: text,
  plan: z.strictObject({ path: text, producer: text, summary: text }),
  depth,
  status: runStatus,
  baseline: Baseline,
  steps: z.array(StepResult),
  files_changed: z.array(FileChange),
  checks: z.array(CheckResult),
  deviations: z.array(text),
  follow_ups: z.array(text),
});

export const ISSUE_KINDS = [
  "bug",
  "security",
  "reliability",
  "performance",
  "maintainability",
  "test-gap",
  "docs",
  "ux",
] as const;
const severity = z.enum(["critical", "high", "medium", "low"]);

export const Issue = z.strictObject({
  id: issueId,
  title: text,
  kind: z.enum(ISSUE_KINDS),
  severity,
  confidence,
  locations: z
    .array(z.strictObject({ path: relPath, line: z.optional(z.int().check(z.positive())) }))
    .check(z.minLength(1)),
  evidence: z.array(text).check(z.minLength(1)),
  description: text,
  suggested_fix: text,
});

export const Issues = z
  .strictObject({
    schema: z.literal("ccw-issues/1"),
    producer: z.enum(["issue-discover", "issue-discover-by-prompt"]),
    task: text,
    depth,
    scope: z.array(relPath),
    perspectives: z.array(z.enum(ISSUE_KINDS)),
    assumptions: z.array(text),
    questions: z.optional(
      z.array(z.strictObject({ question: text, answer: text, issues: z.array(issueId) })),
    ),
    issues: z.array(Issue),
  })
  .check(
    z.superRefine((doc, ctx) => {
      const ids = new Set(doc.issues.map((issue) => issue.id));
      if (ids.size !== doc.issues.length)
        ctx.addIssue({ code: "custom", message: "duplicate issue id" });
      for (const q of doc.questions ?? []) {
        for (const id of q.issues) {
          if (!ids.has(id))
            ctx.addIssue({ code: "custom", message: `question names unknown ${id}` });
        }
      }
    }),
  );

const planFile = z.string().check(z.regex(/^plans\/ISS-[0-9]{3,}\.json$/));

export const IssuePlans = z.strictObject({
  schema: z.literal("ccw-issue-plans/1"),
  task: text,
  depth,
  issues_file: text,
  plans: z.array(
    z
      .strictObject({
        issue_id: issueId,
        title: text,
        severity,
        plan_file: planFile,
        files: z.array(relPath),
      })
      .check(
        z.refine(
          (p) => p.plan_file === `plans/${p.issue_id}.json`,
          "plan_file is plans/<issue_id>.json",
        ),
      ),
  ),
  deferred: z.array(z.strictObject({ issue_id: issueId, title: text, reason: text })),
  assumptions: z.array(text),
});

export const Queue = z
  .strictObject({
    schema: z.literal("ccw-queue/1"),
    task: text,
    depth,
    queue: z.array(
      z
        .strictObject({
          position: z.int().check(z.positive()),
          issue_id: issueId,
          title: text,
          severity,
          plan_file: planFile,
          files: z.array(relPath),
          depends_on: z.array(issueId),
          conflicts_with: z.array(issueId),
          rationale: text,
        })
        .check(
          z.refine(
            (e) => e.plan_file === `plans/${e.issue_id}.json`,
            "plan_file is plans/<issue_id>.json",
          ),
        ),
    ),
    deferred: z.array(z.strictObject({ issue_id: issueId, reason: text })),
  })
  .check(
    z.superRefine((doc, ctx) => {
      doc.queue.forEach((entry, index) => {
        if (entry.position !== index + 1) {
          ctx.addIssue({
            code: "custom",
            message: `queue[${index}].position should be ${index + 1}`,
          });
        }
        const earlier = new Set(doc.queue.slice(0, index).map((e) => e.issue_id));
        for (const dep of entry.depends_on) {
          if (!earlier.has(dep))
            ctx.addIssue({
              code: "custom",
              message: `${entry.issue_id} depends on ${dep}, not queued before it`,
            });
        }
      });
    }),
  );

export const IssueResults = z.strictObject({
  schema: z.literal("ccw-issue-results/1"),
  task: text,
  depth,
  status: runStatus,
  baseline: Baseline,
  results: z.array(
    z
      .strictObject({
        issue_id: issueId,
        position: z.int().check(z.positive()),
        status: z.enum(["resolved", "partial", "failed", "skipped"]),
        steps: z.array(StepResult),
        checks: z.array(CheckResult),
        files_changed: z.array(relPath),
        notes: z.string(),
        reason: z.optional(text),
      })
      .check(
        z.refine(
          (r) => r.status === "resolved" || r.reason !== undefined,
          "an issue that is not resolved gives its reason",
        ),
      ),
  ),
  files_changed: z.array(FileChange),
  checks: z.array(CheckResult),
  follow_ups: z.array(text),
});

export const Findings = z
  .strictObject({
    schema: z.literal("ccw-findings/1"),
    producer: text,
    task: text,
    depth,
    scope: z.array(relPath),
    questions: z.array(z.strictObject({ question: text, answer: text })),
    findings: z.array(
      z.strictObject({
        id: z.string().check(z.regex(/^F[1-9][0-9]*$/)),
        title: text,
        category: z.enum([
          "architecture",
          "correctness",
          "performance",
          "security",
          "reliability",
          "maintainability",
          "testing",
          "dependencies",
          "docs",
          "other",
        ]),
        severity: z.enum(["info", "low", "medium", "high", "critical"]),
        confidence,
        evidence: z
          .array(
            z.strictObject({
              path: relPath,
              line: z.optional(z.int().check(z.positive())),
              note: text,
            }),
          )
          .check(z.minLength(1)),
        detail: text,
      }),
    ),
    recommendations: z.array(
      z.strictObject({
        id: z.string().check(z.regex(/^R[1-9][0-9]*$/)),
        action: text,
        priority: z.enum(["now", "soon", "later"]),
        findings: z.array(z.string()).check(z.minLength(1)),
      }),
    ),
    open_questions: z.array(text),
  })
  .check(
    z.superRefine((doc, ctx) => {
      const ids = new Set(doc.findings.map((f) => f.id));
      for (const r of doc.recommendations) {
        for (const id of r.findings) {
          if (!ids.has(id))
            ctx.addIssue({ code: "custom", message: `${r.id} names unknown finding ${id}` });
        }
      }
    }),
  );

const removableCategory = z.enum(["cache", "build-output", "junk", "dead-file", "dead-code"]);

export const CleanReport = z.strictObject({
  schema: z.literal("ccw-clean/1"),
  task: text,
  depth,
  git: z.boolean(),
  removed: z.array(
    z.strictObject({
      path: relPath,
      kind: z.enum(["file", "dir"]),
      category: removableCategory,
      evidence: text,
      bytes: z.optional(z.int().check(z.minimum(0))),
    }),
  ),
  modified: z.array(
    z.strictObject({
      path: relPath,
      category: z.literal("dead-code"),
      change: text,
      evidence: text,
    }),
  ),
  restored: z.array(z.strictObject({ path: relPath, reason: text })),
  candidates: z.array(
    z.strictObject({
      path: relPath,
      category: z.union([removableCategory, z.enum(["dependency", "stale-file", "other"])]),
      reason_kept: text,
    }),
  ),
  checks: z.array(CheckResult),
  bytes_freed: z.int().check(z.minimum(0)),
});

export const ERROR_REASONS = [
  "previous-step-blocked",
  "input-missing",
  "input-invalid",
  "workspace-unusable",
] as const;

export const ErrorReport = z.strictObject({
  schema: z.literal("ccw-error/1"),
  prompt: text,
  task: text,
  reason: z.enum(ERROR_REASONS),
  message: text,
  details: z.array(text),
});
