/**
 * What is wrong with a status file that fits none of the formats the hook reads, for
 * `ccw hook parse-status --path`. Loaded only then: it needs zod (status-schema.ts).
 */
import type * as z from "zod/mini";
import type { StatusPath } from "./status-path.js";
import {
  CoordinatorStatusSchema,
  LegacyStatusSchema,
  StatusSourceSchema,
} from "./status-schema.js";

// Issues then carry the offending value, for messages that say what was found.
const WITH_INPUT = { reportInput: true } as const;

/** The issues of `value` against the format its folder and file name call for. */
export function describeInvalidStatus(value: unknown, target: StatusPath): string {
  const schema =
    target.folder !== ".codex-coordinator"
      ? LegacyStatusSchema
      : target.fileName === "status.json"
        ? CoordinatorStatusSchema
        : StatusSourceSchema;
  return describeIssues(schema.safeParse(value, WITH_INPUT).error?.issues ?? []);
}

/** `command_chain.0.status: expected one of pending|running|…; session_id: missing`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], max = 3): string {
  const described = issues.slice(0, max).map((issue) => {
    const where = issue.path.length === 0 ? "(top level)" : issue.path.join(".");
    return `${where}: ${describeIssue(issue)}`;
  });
  if (issues.length > max) described.push(`and ${issues.length - max} more`);
  return described.join("; ");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const expected =
    issue.code === "invalid_type"
      ? issue.expected
      : issue.code === "invalid_value"
        ? issue.values.map((value) => JSON.stringify(value)).join(" | ")
        : undefined;
  if (expected !== undefined) {
    if (issue.input === undefined) return `missing (expected ${expected})`;
    const found =
      issue.code === "invalid_type" ? typeName(issue.input) : shorten(JSON.stringify(issue.input));
    return `expected ${expected}, found ${found}`;
  }
  if (issue.code === "too_small") return `must be at least ${String(issue.minimum)}`;
  if (issue.code === "too_big") return `must be at most ${String(issue.maximum)}`;
  return issue.message;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object"
    ? "an object"
    : `${typeof value} ${shorten(JSON.stringify(value))}`;
}

function shorten(text: string | undefined, max = 40): string {
  if (text === undefined) return "nothing";
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
