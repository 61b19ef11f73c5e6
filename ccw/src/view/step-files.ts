/** The files of each step folder that the session page links to, found on disk. */
import fs from "node:fs/promises";
import path from "node:path";
import { stepFiles } from "../coordinator/session-paths.js";
import type { SessionState } from "../session/state-schema.js";
import type { FileRef } from "./api-types.js";
import type { StepFiles } from "./session-detail.js";

const STEP_FILES = ["prompt.md", "last-message.md", "codex.jsonl", "stderr.log"] as const;
const SESSION_FILES = ["events.jsonl", "runner.log", "input/intent.md"] as const;
/** An artifacts folder is listed this deep and up to this many files. */
const MAX_DEPTH = 3;
const MAX_FILES = 200;

/** The files of every step of `state`, in session folder `dir`. */
export async function findStepFiles(
  dir: string,
  state: SessionState,
): Promise<Map<number, StepFiles>> {
  const found = new Map<number, StepFiles>();
  await Promise.all(
    state.command_chain.map(async (step) => {
      const paths = stepFiles(dir, step.index, step.command);
      const files: FileRef[] = [];
      for (const name of STEP_FILES) {
        const stats = await fs.lstat(path.join(paths.dir, name)).catch(() => undefined);
        if (stats?.isFile()) files.push(ref(dir, path.join(paths.dir, name), stats.size));
      }
      const artifacts: FileRef[] = [];
      await listFiles(dir, paths.artifacts, 0, artifacts);
      artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      found.set(step.index, { files, artifacts });
    }),
  );
  return found;
}

/** The session folder's own files that exist. */
export async function findSessionFiles(dir: string): Promise<FileRef[]> {
  const found: FileRef[] = [];
  for (const name of SESSION_FILES) {
    const file = path.join(dir, ...name.split("/"));
    const stats = await fs.lstat(file).catch(() => undefined);
    if (stats?.isFile()) found.push(ref(dir, file, stats.size));
  }
  return found;
}

async function listFiles(root: string, folder: string, depth: number, into: FileRef[]) {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (into.length >= MAX_FILES) return;
    const file = path.join(folder, entry.name);
    if (entry.isFile()) {
      const stats = await fs.lstat(file).catch(() => undefined);
      if (stats?.isFile()) into.push(ref(root, file, stats.size));
    } else if (entry.isDirectory() && depth + 1 < MAX_DEPTH) {
      await listFiles(root, file, depth + 1, into);
    }
  }
}

function ref(root: string, file: string, size: number): FileRef {
  return {
    name: path.basename(file),
    path: path.relative(root, file).split(path.sep).join("/"),
    size,
  };
}
