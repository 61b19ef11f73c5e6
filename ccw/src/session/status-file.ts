import path from "node:path";
import { writeFileAtomically } from "../lib/fs/atomic-file.js";
import { projectStatus, type StatusSource } from "./status.js";

/** The file name of the projection inside a session folder. */
export const STATUS_FILE_NAME = "status.json";

/** The text of status.json for `state` (stable key order, trailing newline). */
export function renderStatusFile(state: StatusSource): string {
  return `${JSON.stringify(projectStatus(state), null, 2)}\n`;
}

/**
 * Projects `state` and writes `<sessionDir>/status.json` atomically. The coordinator calls it
 * after every state.json write; hooks and the status line read the result. Kept out of
 * status.ts so the hook fast path never loads the file writer.
 */
export async function writeStatusFile(sessionDir: string, state: StatusSource): Promise<void> {
  await writeFileAtomically(path.join(sessionDir, STATUS_FILE_NAME), renderStatusFile(state));
}
