/**
 * The `## Writes` section of a prompt, parsed into its artifact contract: each file the prompt
 * declares in its artifacts folder, when it is written, and for JSON files the shape it must
 * have. The format (docs/prompt-pack.md, "Writing your own prompt"):
 *
 *   - `$ARTIFACT_DIR/plan.json` — on success. The plan, shape `ccw-plan/1`.
 *   - `$ARTIFACT_DIR/error.json` — when blocked. Why (shape `ccw-error/1`).
 *
 * Bullets that do not start with a backquoted `$ARTIFACT_DIR/…` path are prose and ignored; a
 * bullet that does but breaks the format is a problem with its file line, never skipped.
 */
import { ARTIFACT_SHAPE_NAMES, isArtifactShapeName } from "./artifact-shape-names.js";

/** When a declared file is written. */
export const ARTIFACT_WHEN = ["on success", "when blocked", "always", "optional"] as const;
export type ArtifactWhen = (typeof ARTIFACT_WHEN)[number];

/** One file a prompt declares in its Writes section. */
export interface DeclaredArtifact {
  /** The path inside the artifacts folder, as written: `plan.json`, `plans/<issue-id>.json`. */
  readonly path: string;
  readonly when: ArtifactWhen;
  /** `json` files must parse, `markdown` and `other` files must not be empty. */
  readonly format: "json" | "markdown" | "other";
  /** The shape a JSON file must validate against (`ccw-plan/1`), when its line names one. */
  readonly shape?: string;
  /** Whether the path holds a `<name>` part: it stands for every file that matches. */
  readonly pattern: boolean;
  /** The 1-based line of the file that declares it. */
  readonly line: number;
}

/** What a step of this prompt must leave in its artifacts folder. */
export interface ArtifactContract {
  readonly artifacts: readonly DeclaredArtifact[];
  /** The line of the `## Writes` heading. */
  readonly line: number;
}

/** A Writes line that breaks the format. */
export interface WritesProblem {
  readonly line: number;
  readonly message: string;
}

export type WritesParse =
  | { readonly ok: true; readonly contract: ArtifactContract | undefined }
  | { readonly ok: false; readonly problems: readonly WritesProblem[] };

const FORMAT_HINT =
  "write it as - `$ARTIFACT_DIR/<file>` — on success|when blocked|always|optional. <what it holds>";
const ENTRY = /^- `\$ARTIFACT_DIR\/([^`]*)`(.*)$/;
// `\u2014` is the em dash: the bundle stays ASCII (see ASCII_ONLY in scripts/build.mjs).
const QUALIFIED = /^ \u2014 ([a-z ]+)\.(?:\s|$)/;
const SHAPE = /\bshape `([^`]+)`/g;

/**
 * Parses the Writes section of `text` (a whole prompt file, or a body whose first line is line
 * `firstLine`). No Writes section: no contract (`contract` undefined).
 */
export function parseWritesSection(text: string, firstLine = 1): WritesParse {
  const lines = text.split("\n");
  let start = -1;
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.startsWith("```")) fenced = !fenced;
    else if (!fenced && /^## Writes\s*$/.test(line)) {
      start = i;
      break;
    }
  }
  if (start < 0) return { ok: true, contract: undefined };
  const artifacts: DeclaredArtifact[] = [];
  const problems: WritesProblem[] = [];
  const seen = new Map<string, number>();
  for (let i = start + 1; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    if (/^#{1,2} /.test(line) || line.startsWith("```")) break;
    const at = firstLine + i;
    const entry = ENTRY.exec(line);
    if (!entry) {
      if (line.startsWith("- `$") || line.startsWith("- $ARTIFACT_DIR")) {
        problems.push({
          line: at,
          message: `a Writes entry names a file outside $ARTIFACT_DIR or without backquotes; ${FORMAT_HINT}`,
        });
      }
      continue;
    }
    const [, file = "", rest = ""] = entry;
    const parsed = parseEntry(file, rest, at);
    if ("message" in parsed) {
      problems.push(parsed);
      continue;
    }
    const first = seen.get(parsed.path);
    if (first !== undefined) {
      problems.push({
        line: at,
        message: `$ARTIFACT_DIR/${parsed.path} is declared twice (first on line ${first})`,
      });
      continue;
    }
    seen.set(parsed.path, at);
    artifacts.push(parsed);
  }
  if (problems.length > 0) return { ok: false, problems };
  if (artifacts.length === 0) {
    return {
      ok: false,
      problems: [
        { line: firstLine + start, message: `the Writes section declares no file; ${FORMAT_HINT}` },
      ],
    };
  }
  return { ok: true, contract: { artifacts, line: firstLine + start } };
}

function parseEntry(file: string, rest: string, line: number): DeclaredArtifact | WritesProblem {
  if (file === "" || file.endsWith("/")) {
    return { line, message: `$ARTIFACT_DIR/${file} names no file; ${FORMAT_HINT}` };
  }
  if (
    file.split("/").some((part) => part === "" || part === "." || part === "..") ||
    file.includes("\\")
  ) {
    return {
      line,
      message: `$ARTIFACT_DIR/${file} is not a plain path inside the artifacts folder (no '.', '..', '//' or '\\')`,
    };
  }
  const qualified = QUALIFIED.exec(rest);
  const when = qualified?.[1];
  if (when === undefined || !(ARTIFACT_WHEN as readonly string[]).includes(when)) {
    const found = when === undefined ? `"${shorten(rest.trim())}"` : `"${when}"`;
    return {
      line,
      message: `$ARTIFACT_DIR/${file}: expected " — " then on success, when blocked, always or optional, and a full stop; found ${found}`,
    };
  }
  const shapes = [...rest.matchAll(SHAPE)].map((match) => match[1] ?? "");
  const format = file.endsWith(".json") ? "json" : file.endsWith(".md") ? "markdown" : "other";
  if (shapes.length > 1) {
    return {
      line,
      message: `$ARTIFACT_DIR/${file} names ${shapes.length} shapes (${shapes.join(", ")}); a file has one`,
    };
  }
  const shape = shapes[0];
  if (shape !== undefined && !isArtifactShapeName(shape)) {
    return {
      line,
      message: `$ARTIFACT_DIR/${file} names the unknown shape ${shape}; known shapes: ${ARTIFACT_SHAPE_NAMES.join(", ")}`,
    };
  }
  if (shape !== undefined && format !== "json") {
    return {
      line,
      message: `$ARTIFACT_DIR/${file} names shape ${shape}, but only .json files have a shape`,
    };
  }
  return {
    path: file,
    when: when as ArtifactWhen,
    format,
    ...(shape === undefined ? {} : { shape }),
    pattern: /<[^>]+>/.test(file),
    line,
  };
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** `plans/<issue-id>.json` as a regular expression over paths inside the artifacts folder. */
export function artifactPattern(file: string): RegExp {
  const parts = file.split(/<[^>]+>/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("[^/]+")}$`);
}

/** The contract in a few lines, as `ccw codex prompts show` prints it. */
export function describeContract(contract: ArtifactContract | undefined): string[] {
  if (!contract) return ["(no Writes section: nothing is checked after a step of this prompt)"];
  return contract.artifacts.map((artifact) => {
    const check =
      artifact.format === "json"
        ? artifact.shape === undefined
          ? "valid JSON"
          : `JSON, shape ${artifact.shape}`
        : "not empty";
    return `$ARTIFACT_DIR/${artifact.path} — ${artifact.when} (${check})`;
  });
}
