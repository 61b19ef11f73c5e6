/**
 * The artifact contract check (docs/coordinator.md, "Verified steps"), as a pure function of
 * what a step's artifacts folder holds: every "on success" and "always" file exists, is not
 * empty and, for JSON, parses and validates against its shape; or the "when blocked" file does,
 * and the step is blocked with the reason the model gave. Each problem names the file, the JSON
 * path, what was expected and what was found (shortened).
 */
import type { ArtifactWhen, DeclaredArtifact } from "../tools/registry/prompt-writes.js";

/** One declared file as found on disk (read by contract-files.ts). */
export interface FoundArtifact {
  readonly artifact: DeclaredArtifact;
  /** The files that answer it (one for a plain path, any number for a `<name>` pattern). */
  readonly files: readonly { readonly path: string; readonly text: string }[];
}

/** A contract problem: the file, the JSON path (empty for the file itself), expected, found. */
export interface ContractProblem {
  readonly file: string;
  readonly path: string;
  readonly expected: string;
  readonly found: string;
}

export type ContractOutcome =
  | { readonly outcome: "passed"; readonly checked: readonly string[] }
  | {
      readonly outcome: "blocked";
      readonly checked: readonly string[];
      /** The reason the model gave (error.json's `message`, else the file's start). */
      readonly reason: string;
      readonly file: string;
    }
  | {
      readonly outcome: "failed";
      readonly checked: readonly string[];
      readonly problems: readonly ContractProblem[];
    };

/** A schema as the checker needs it: zod's safeParse. */
export interface ShapeSchema {
  safeParse(
    data: unknown,
  ): { success: true } | { success: false; error: { issues: readonly ShapeIssue[] } };
}

/** The parts of a zod issue the messages use. */
export interface ShapeIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: unknown;
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly origin?: string;
}

/** At most this many problems per file: the repair prompt stays readable. */
const MAX_PROBLEMS_PER_FILE = 12;
const FOUND_LIMIT = 80;

/** Checks what a step left against its contract. `shapes` maps shape names to schemas. */
export function checkContract(
  found: readonly FoundArtifact[],
  shapes: Readonly<Record<string, ShapeSchema>>,
): ContractOutcome {
  const checked = found.flatMap((entry) => entry.files.map((file) => file.path));
  const blocked = found.filter(
    (entry) => entry.artifact.when === "when blocked" && entry.files.length > 0,
  );
  if (blocked.length > 0) {
    const problems = found
      .filter((entry) => entry.artifact.when !== "on success")
      .flatMap((entry) => problemsOf(entry, shapes, "when blocked"));
    if (problems.length > 0) return { outcome: "failed", checked, problems };
    const first = blocked[0]?.files[0];
    return {
      outcome: "blocked",
      checked,
      reason: blockedReason(first?.text ?? ""),
      file: first?.path ?? "",
    };
  }
  const problems = found
    .filter((entry) => entry.artifact.when !== "when blocked")
    .flatMap((entry) => problemsOf(entry, shapes, "on success"));
  return problems.length > 0
    ? { outcome: "failed", checked, problems }
    : { outcome: "passed", checked };
}

function problemsOf(
  entry: FoundArtifact,
  shapes: Readonly<Record<string, ShapeSchema>>,
  mode: ArtifactWhen,
): ContractProblem[] {
  const { artifact } = entry;
  const required = !artifact.pattern && (artifact.when === "always" || artifact.when === mode);
  if (entry.files.length === 0) {
    return required
      ? [
          {
            file: artifact.path,
            path: "",
            expected: `the file (${artifact.when}${artifact.shape ? `, shape ${artifact.shape}` : ""})`,
            found: "no such file",
          },
        ]
      : [];
  }
  return entry.files.flatMap((file) => fileProblems(artifact, file, shapes));
}

function fileProblems(
  artifact: DeclaredArtifact,
  file: { path: string; text: string },
  shapes: Readonly<Record<string, ShapeSchema>>,
): ContractProblem[] {
  if (file.text.trim() === "") {
    return [
      { file: file.path, path: "", expected: "a file that is not empty", found: "an empty file" },
    ];
  }
  if (artifact.format !== "json") return [];
  let data: unknown;
  try {
    data = JSON.parse(file.text);
  } catch (error) {
    return [
      {
        file: file.path,
        path: "",
        expected: "valid JSON",
        found: `${error instanceof Error ? error.message : String(error)}: ${shorten(file.text.trim())}`,
      },
    ];
  }
  const schema = artifact.shape === undefined ? undefined : shapes[artifact.shape];
  if (!schema) return [];
  const parsed = schema.safeParse(data);
  if (parsed.success) return [];
  const problems = parsed.error.issues.map((issue) => issueProblem(file.path, data, issue));
  if (problems.length <= MAX_PROBLEMS_PER_FILE) return problems;
  return [
    ...problems.slice(0, MAX_PROBLEMS_PER_FILE),
    {
      file: file.path,
      path: "",
      expected: `shape ${artifact.shape}`,
      found: `${problems.length - MAX_PROBLEMS_PER_FILE} more problems`,
    },
  ];
}

/** One zod issue as a problem: the JSON path, what the shape expects there, what is there. */
export function issueProblem(file: string, data: unknown, issue: ShapeIssue): ContractProblem {
  const value = valueAt(data, issue.path);
  const at = formatJsonPath(issue.path);
  switch (issue.code) {
    case "invalid_type":
      return {
        file,
        path: at,
        expected: `${article(String(issue.expected))}`,
        found: value.present ? describeValue(value.value) : "nothing (the field is missing)",
      };
    case "invalid_value":
      return {
        file,
        path: at,
        expected: `one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(", ")}`,
        found: value.present ? describeValue(value.value) : "nothing (the field is missing)",
      };
    case "unrecognized_keys":
      return {
        file,
        path: at,
        expected: "only the fields the shape defines",
        found: `unknown field${(issue.keys ?? []).length === 1 ? "" : "s"} ${(issue.keys ?? []).join(", ")}`,
      };
    case "too_small":
    case "too_big":
      return {
        file,
        path: at,
        expected: sizeExpectation(issue),
        found: value.present ? describeValue(value.value) : "nothing",
      };
    default:
      return {
        file,
        path: at,
        expected: issue.message.replace(/^Invalid input: /, ""),
        found: value.present ? describeValue(value.value) : "nothing",
      };
  }
}

function sizeExpectation(issue: ShapeIssue): string {
  const small = issue.code === "too_small";
  const bound = String(small ? issue.minimum : issue.maximum);
  switch (issue.origin) {
    case "array":
      return `${small ? "at least" : "at most"} ${bound} item${bound === "1" ? "" : "s"}`;
    case "string":
      return small && bound === "1"
        ? "a text that is not empty"
        : `a text of ${small ? "at least" : "at most"} ${bound} characters`;
    default:
      return `a value ${small ? ">=" : "<="} ${bound}`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** `steps[0].verification` for ["steps", 0, "verification"]; "" for the whole document. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      text += text === "" ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

function valueAt(
  data: unknown,
  path: readonly PropertyKey[],
): { present: true; value: unknown } | { present: false } {
  let current: unknown = data;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return { present: false };
    const record = current as Record<PropertyKey, unknown>;
    if (!Object.hasOwn(record, key)) return { present: false };
    current = record[key];
  }
  return { present: true, value: current };
}

/** A value as a problem shows it: its JSON, shortened. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  return shorten(JSON.stringify(value) ?? String(value));
}

/** `text` cut to 80 characters with an ellipsis. */
export function shorten(text: string, limit = FOUND_LIMIT): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

/** The reason of a blocked step: error.json's `message` (and `reason`), else the text's start. */
export function blockedReason(text: string): string {
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data === "object" && data !== null) {
      const { message, reason } = data as Record<string, unknown>;
      if (typeof message === "string" && message.trim() !== "") {
        return typeof reason === "string" && reason !== ""
          ? `${reason}: ${shorten(message, 300)}`
          : shorten(message, 300);
      }
    }
  } catch {
    // not JSON: the text itself is the reason
  }
  return shorten(text.trim(), 300);
}

/** `plan.json: steps[0].verification: expected at least 1 item, found []`. */
export function formatProblem(problem: ContractProblem): string {
  return `${problem.file}${problem.path === "" ? "" : `: ${problem.path}`}: expected ${problem.expected}, found ${problem.found}`;
}
