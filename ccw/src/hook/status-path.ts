/**
 * The status files the hook handles: the session folders it looks in, the file names it reads
 * there, and how a path is recognised as one of them.
 */

/** Session folders whose status files the hook reads, and the workflow each one implies. */
export const STATUS_FOLDERS = {
  ".ccw": "ccw",
  ".ccw-coordinator": "ccw-coordinator",
  ".ccw-debug": "ccw-debug",
  ".codex-coordinator": "codex-coordinator",
} as const satisfies Record<string, string>;

export type StatusFolder = keyof typeof STATUS_FOLDERS;

/** The file names the hook reads inside a session folder. */
export const STATUS_FILE_NAMES = ["status.json", "state.json"] as const;

/** A path the hook handles: `<…>/<folder>/<session-id>/<status.json|state.json>`. */
export interface StatusPath {
  readonly file: string;
  readonly folder: StatusFolder;
  readonly sessionId: string;
  readonly fileName: (typeof STATUS_FILE_NAMES)[number];
}

const isStatusFolder = (name: string | undefined): name is StatusFolder =>
  name !== undefined && Object.hasOwn(STATUS_FOLDERS, name);

const isStatusFileName = (name: string | undefined): name is StatusPath["fileName"] =>
  name === "status.json" || name === "state.json";

/** Whether the hook handles `file` (an absolute path), and how; `undefined` if it does not. */
export function classifyStatusPath(file: string): StatusPath | undefined {
  const parts = file.split(/[\\/]+/);
  const fileName = parts.at(-1);
  const sessionId = parts.at(-2);
  const folder = parts.at(-3);
  if (!isStatusFileName(fileName) || !isStatusFolder(folder) || !sessionId) return undefined;
  return { file, folder, sessionId, fileName };
}
