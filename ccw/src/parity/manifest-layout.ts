/**
 * Where each artifact lives under `cli_manifests/codex/`, and how artifacts are read (parsed
 * with their zod schema) and written (canonical text, atomically).
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { describeFsError, InvalidDataError, NotFoundError, StorageError } from "../errors.js";
import { writeFileAtomically } from "../lib/fs/atomic-file.js";
import { readRegularFile } from "../lib/fs/regular-file.js";
import { packageRoot } from "../package-info.js";
import { formatZodIssues } from "./zod-issues.js";

/** The manifest folder shipped with ccw (and committed in its repository). */
export function defaultManifestDir(): string {
  return path.join(packageRoot(), "cli_manifests", "codex");
}

/** The paths of every artifact in a manifest folder. */
export function manifestLayout(dir: string) {
  return {
    dir,
    rules: path.join(dir, "RULES.json"),
    schema: path.join(dir, "SCHEMA.json"),
    wrapperCoverage: path.join(dir, "wrapper_coverage.json"),
    current: path.join(dir, "current.json"),
    latestValidated: path.join(dir, "latest_validated.txt"),
    minSupported: path.join(dir, "min_supported.txt"),
    snapshotsDir: path.join(dir, "snapshots"),
    reportsDir: path.join(dir, "reports"),
    snapshotDir: (version: string) => path.join(dir, "snapshots", version),
    snapshot: (version: string, target: string) =>
      path.join(dir, "snapshots", version, `${target}.json`),
    union: (version: string) => path.join(dir, "snapshots", version, "union.json"),
    reportDir: (version: string) => path.join(dir, "reports", version),
  };
}
export type ManifestLayout = ReturnType<typeof manifestLayout>;

/** Reads a file as text; a missing file is a NotFoundError that says what produces it. */
export async function readText(file: string, producedBy?: string): Promise<string> {
  try {
    // Manifest files are found in a folder: a named pipe among them must not block.
    return await readRegularFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new NotFoundError(
        `${file} does not exist`,
        producedBy === undefined ? {} : { hint: `Create it with: ${producedBy}` },
      );
    }
    throw new StorageError(`cannot read ${file}: ${describeFsError(error)}`);
  }
}

/** Parses artifact text with its schema; every problem is listed in one InvalidDataError. */
export function parseArtifact<T>(text: string, file: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidDataError(`${file} is not valid JSON: ${(error as Error).message}`, {
      hint: "Restore it from git, or regenerate it with ccw codex-parity.",
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidDataError(
      `${file} does not match its schema:\n${formatZodIssues(parsed.error, file)}`,
      {
        hint: "Regenerate it with ccw codex-parity, or run ccw codex-parity validate for every problem.",
      },
    );
  }
  return parsed.data;
}

/** Reads and parses one artifact. */
export async function readArtifact<T>(
  file: string,
  schema: z.ZodType<T>,
  producedBy?: string,
): Promise<T> {
  return parseArtifact(await readText(file, producedBy), file, schema);
}

/** Writes artifact text, creating its folder; atomic, so a reader never sees half a file. */
export async function writeArtifact(file: string, text: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new StorageError(`cannot create ${path.dirname(file)}: ${describeFsError(error)}`);
  }
  await writeFileAtomically(file, text);
}
