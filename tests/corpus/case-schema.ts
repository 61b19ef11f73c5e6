/**
 * The bad-input corpus as data: `tests/corpus/cases/<surface>.yaml` each hold a list of cases,
 * validated here with zod before anything runs. tests/corpus/README.md documents the format.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import * as z from "zod";

/** The content of one file (or link, or folder) a case creates before ccw runs. */
export const FileSpec = z.union([
  z.string().describe("UTF-8 text, with {placeholders} replaced"),
  z
    .strictObject({ json: z.unknown() })
    .describe("JSON.stringify(value, null, 2), placeholders replaced in strings"),
  z.strictObject({ base64: z.string() }).describe("raw bytes"),
  z
    .strictObject({
      repeat: z.string().min(1),
      times: z.int().positive(),
      close: z.string().optional(),
      prefix: z.string().optional(),
      suffix: z.string().optional(),
    })
    .describe("prefix + repeat × times + close × times + suffix (huge files, deep nesting)"),
  z
    .strictObject({
      fixture: z.string().min(1),
      set: z.record(z.string(), z.unknown()).optional(),
      delete: z.array(z.string()).optional(),
      truncate: z.int().min(0).optional(),
    })
    .describe(
      "a JSON file of tests/corpus/fixtures/, with dotted paths set or deleted, cut after N characters",
    ),
  z
    .strictObject({ copy: z.string().min(1) })
    .describe("a file or folder of the repository, copied"),
  z.strictObject({ symlink: z.string().min(1) }).describe("a symbolic link to this target"),
  z.strictObject({ dir: z.literal(true) }).describe("an empty folder"),
  z.strictObject({ fifo: z.literal(true) }).describe("a named pipe (opening it to read blocks)"),
]);
export type FileSpec = z.infer<typeof FileSpec>;

const Fragments = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const CorpusCase = z.strictObject({
  /** Unique across the corpus; kebab-case. */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** What bad input this is, in a few words (shown when the case fails). */
  about: z.string().min(1),
  /** ccw's arguments (without `node ccw.js`); placeholders are replaced. */
  argv: z.array(z.string()),
  /** Files to create, keyed by absolute path starting with {ws}, {home}, {codex_home} or {root}. */
  files: z.record(z.string(), FileSpec).default({}),
  /** What ccw reads on stdin (empty when absent; stdin is never a terminal). */
  stdin: FileSpec.optional(),
  /** Added to the base environment (PATH, HOME, CODEX_HOME, XDG_CACHE_HOME, TMPDIR, NO_COLOR). */
  env: z.record(z.string(), z.string()).default({}),
  /** The working folder, default {ws}. */
  cwd: z.string().optional(),
  expect: z
    .strictObject({
      exit: z.int().min(0).max(255),
      /** Fragments that must each appear in stdout / stderr. */
      stdout: Fragments.optional(),
      stderr: Fragments.optional(),
      /** Streams that must be empty. */
      empty: z.array(z.enum(["stdout", "stderr"])).optional(),
    })
    .refine(
      (expect) =>
        expect.stdout !== undefined || expect.stderr !== undefined || expect.empty?.length === 2,
      {
        message: "a case states a message fragment (stdout or stderr), or that ccw prints nothing",
      },
    ),
  /**
   * Paths ccw may create, change or remove although they lie outside {ws}/.workflow/ or are
   * input files of the case; a trailing `/` allows everything below.
   */
  may_write: z.array(z.string()).default([]),
  /** Kill ccw after this long and fail the case as a hang (default 10 s). */
  timeout_ms: z.int().positive().max(60_000).default(10_000),
  /** A defect found and not fixed yet: the case is skipped with this note as the reason. */
  known_defect: z.string().min(1).optional(),
});
export type CorpusCase = z.infer<typeof CorpusCase>;

/** One surface file: `tests/corpus/cases/<surface>.yaml`. */
export const SurfaceFile = z.array(CorpusCase).min(1);

export interface Surface {
  readonly name: string;
  readonly cases: readonly CorpusCase[];
}

/** Reads and validates every surface file of `dir`, in name order. */
export function loadCorpus(dir: string): Surface[] {
  const surfaces: Surface[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".yaml")) continue;
    let data: unknown;
    try {
      data = parseYaml(readFileSync(path.join(dir, file), "utf8"));
    } catch (error) {
      throw new Error(`invalid corpus file ${file}: ${String(error)}`);
    }
    const parsed = SurfaceFile.safeParse(data);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${file}: ${issue.path.join(".")}: ${issue.message}`,
      );
      throw new Error(`invalid corpus file\n${problems.join("\n")}`);
    }
    surfaces.push({ name: path.basename(file, ".yaml"), cases: parsed.data });
  }
  return surfaces;
}
