/**
 * Reads the files a step's contract declares from its artifacts folder (the I/O side of
 * contract-check.ts), and loads the artifact shapes (classic zod) only when a step needs them.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { describeFsError, StorageError } from "../errors.js";
import { type ArtifactContract, artifactPattern } from "../tools/registry/prompt-writes.js";
import type { FoundArtifact, ShapeSchema } from "./contract-check.js";

/** Larger artifacts are not read whole: they are reported as too large to check. */
const MAX_ARTIFACT_BYTES = 8 * 1024 * 1024;

/**
 * Each declared file of `contract` as found under `dir` (`listed`: every file under it, as
 * absolute paths, for the `<name>` patterns).
 */
export async function readDeclaredArtifacts(
  dir: string,
  contract: ArtifactContract,
  listed: readonly string[],
): Promise<FoundArtifact[]> {
  const relative = listed.map((file) => path.relative(dir, file).split(path.sep).join("/"));
  return Promise.all(
    contract.artifacts.map(async (artifact) => {
      const names = artifact.pattern
        ? relative.filter((file) => artifactPattern(artifact.path).test(file))
        : [artifact.path];
      const files: { path: string; text: string }[] = [];
      for (const name of names) {
        const text = await readArtifact(path.join(dir, ...name.split("/")));
        if (text !== undefined) files.push({ path: name, text });
      }
      return { artifact, files };
    }),
  );
}

async function readArtifact(file: string): Promise<string | undefined> {
  try {
    const stats = await fs.stat(file);
    if (!stats.isFile()) return undefined;
    if (stats.size > MAX_ARTIFACT_BYTES) {
      // Reported as invalid JSON / checked as not empty: a marker, never parsed.
      return `(larger than ${MAX_ARTIFACT_BYTES} bytes: not checked)`;
    }
    return await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StorageError(`cannot read the artifact ${file}: ${describeFsError(error)}`);
  }
}

/** The artifact shapes, by name (built the first time a step needs them). */
export async function loadArtifactShapes(): Promise<Readonly<Record<string, ShapeSchema>>> {
  const { ARTIFACT_SHAPE_CATALOG } = await import("../tools/registry/artifact-shape-catalog.js");
  return ARTIFACT_SHAPE_CATALOG;
}
