/** One Codex prompt file: its frontmatter schema and what it parses to. */
import * as z from "../../zod.js";
import { parseFrontmatterSource } from "./frontmatter.js";
import type { ParseOutcome } from "./markdown-file-cache.js";
import { bodyText } from "./markdown-split.js";
import { categoryFromName, PROMPT_CATEGORIES, type PromptCategory } from "./prompt-category.js";
import {
  listPlaceholders,
  listPlaceholdersInBytes,
  type PromptPlaceholders,
} from "./prompt-expansion.js";
import { type ArtifactContract, parseWritesSection } from "./prompt-writes.js";

/**
 * Where a prompt comes from: the workspace's `.codex/prompts`, `$CODEX_HOME/prompts`, or the
 * pack shipped inside ccw's package.
 */
export type PromptSource = "project" | "user" | "builtin";

/** A prompt as the registry lists it. */
export interface CodexPrompt {
  /** The file stem: `lite-plan-a` for `lite-plan-a.md`. */
  name: string;
  category: PromptCategory;
  /** Whether the category was written in the frontmatter or derived from the name. */
  categorySource: "frontmatter" | "name";
  description?: string;
  argumentHint?: string;
  source: PromptSource;
  /** The absolute path of the file (of the link, for a symbolic link). */
  path: string;
  /** The absolute path of the next prompt of the same name (user or built-in) that this one hides. */
  shadows?: string;
  /** The text after the frontmatter: exactly what expansion works on and Codex receives. */
  body: string;
  placeholders: PromptPlaceholders;
  /** What a step of this prompt must leave in its artifacts folder (its `## Writes` section). */
  contract?: ArtifactContract;
}

/** Prompt names: a file stem must match this to be a prompt (it is never used as a path). */
export const PROMPT_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * The frontmatter keys of a prompt; other keys are allowed and ignored. An empty value
 * (`description:`) is the same as no value. (No transforms: they slow zod down markedly.)
 */
export const PromptFrontmatter = z.object({
  description: z.nullish(z.string()),
  "argument-hint": z.nullish(z.string()),
  argument_hint: z.nullish(z.string()),
  category: z.nullish(z.enum(PROMPT_CATEGORIES)),
});

/**
 * Parses the bytes of the prompt file `file` named `name`. The body is decoded, and its
 * placeholders found, the first time they are read (then kept).
 */
export function parsePromptFile(
  file: string,
  name: string,
  source: PromptSource,
  bytes: Uint8Array,
): ParseOutcome<CodexPrompt> {
  const parsed = parseFrontmatterSource(file, bytes, PromptFrontmatter);
  if (!parsed.ok) {
    return {
      ok: false,
      diagnostics: parsed.problems.map((problem) => ({
        file: problem.file,
        ...(problem.line === undefined ? {} : { line: problem.line }),
        message: problem.message,
      })),
    };
  }
  const { data } = parsed;
  const body = parsed.body;
  const writes = readContract(file, bytes);
  if (!writes.ok) return writes;
  const prompt: CodexPrompt = {
    name,
    category: data.category ?? categoryFromName(name).category,
    categorySource: data.category ? "frontmatter" : "name",
    source,
    path: file,
    // Own, enumerable accessors that turn into plain properties on first use, so spreads,
    // JSON.stringify and equality checks see them like any other field; a listing that
    // never looks at a body neither decodes nor scans it.
    get body(): string {
      return settle(this, "body", bodyText(body));
    },
    set body(text: string) {
      settle(this, "body", text);
    },
    get placeholders(): PromptPlaceholders {
      const found =
        "text" in body ? listPlaceholders(body.text) : listPlaceholdersInBytes(body.bytes);
      return settle(this, "placeholders", found);
    },
    set placeholders(value: PromptPlaceholders) {
      settle(this, "placeholders", value);
    },
  };
  const description = data.description ?? undefined;
  const argumentHint = data["argument-hint"] ?? data.argument_hint ?? undefined;
  if (description !== undefined) prompt.description = description;
  if (argumentHint !== undefined) prompt.argumentHint = argumentHint;
  if (writes.contract !== undefined) prompt.contract = writes.contract;
  return { ok: true, value: prompt };
}

const WRITES_HEADING = Buffer.from("## Writes");

/**
 * The artifact contract of a prompt file. Most files of a large registry have no Writes
 * section: a byte search finds that without decoding them.
 */
function readContract(
  file: string,
  bytes: Uint8Array,
):
  | { ok: true; contract: ArtifactContract | undefined }
  | { ok: false; diagnostics: { file: string; line: number; message: string }[] } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.indexOf(WRITES_HEADING) < 0) return { ok: true, contract: undefined };
  const parsed = parseWritesSection(buffer.toString("utf8"));
  if (parsed.ok) return parsed;
  return {
    ok: false,
    diagnostics: parsed.problems.map((problem) => ({
      file,
      line: problem.line,
      message: `## Writes: ${problem.message}`,
    })),
  };
}

/** Replaces the accessor `key` of `target` by a plain property holding `value`. */
function settle<V>(target: object, key: string, value: V): V {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  return value;
}

/** A name for an invalid file stem that matches PROMPT_NAME_PATTERN, for the diagnostic. */
export function suggestPromptName(stem: string): string {
  const name = stem
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/-+$/, "");
  return name === "" ? "my-prompt" : name;
}
