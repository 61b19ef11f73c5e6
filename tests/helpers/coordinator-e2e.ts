/**
 * A world for coordinator end-to-end runs: the real Codex against the scripted model server
 * (tests/helpers/codex-e2e.ts), with ccw's prompt pack installed in its CODEX_HOME.
 */
import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import type { SessionEvent } from "../../ccw/src/coordinator/session-store.js";
import { parseState } from "../../ccw/src/coordinator/session-store.js";
import type { ModelServerScriptSource } from "../../ccw/src/dev/model-server/script.js";
import type { SessionState } from "../../ccw/src/session/state-schema.js";
import type { ArtifactShapeName } from "../../ccw/src/tools/registry/artifact-shape-names.js";
import { type CodexE2E, REPO_ROOT, startCodexE2E } from "./codex-e2e.js";

/** Starts the world and installs the prompt pack into its CODEX_HOME. */
export async function startCoordinatorE2E(script: ModelServerScriptSource): Promise<CodexE2E> {
  const world = await startCodexE2E(script);
  cpSync(path.join(REPO_ROOT, ".codex", "prompts"), path.join(world.codexHome, "prompts"), {
    recursive: true,
  });
  return world;
}

/** A file a scripted step writes into its artifacts folder: a shape's sample, or a text. */
export interface ScriptedWrite {
  readonly file: string;
  readonly sample?: ArtifactShapeName;
  readonly content?: string;
}

/**
 * A rule that answers the step whose artifacts folder is `NN-command`: a command, the files of
 * `writes` (through the model server's write action), then a reply.
 */
export function stepRule(
  stepDir: string,
  command: string,
  reply: string,
  writes: readonly ScriptedWrite[] = [],
) {
  return {
    name: stepDir,
    match: { regex: `(/\\S*?/steps/${stepDir}/artifacts)` },
    reply: [
      { command },
      ...writes.map((write) => ({
        write: {
          path: `{{1}}/${write.file}`,
          ...(write.sample === undefined
            ? { content: write.content ?? "" }
            : { sample: write.sample }),
        },
      })),
      { text: reply },
    ],
  };
}

/** The session folder of `id` in `workspace`. */
export function sessionFolder(workspace: string, id: string): string {
  return path.join(workspace, ".workflow", ".codex-coordinator", id);
}

/** Reads and validates a session's state.json. */
export function readState(workspace: string, id: string): SessionState {
  const file = path.join(sessionFolder(workspace, id), "state.json");
  return parseState(readFileSync(file, "utf8"), file, id);
}

/** The event kinds of a session, in order. */
export function eventKinds(workspace: string, id: string): string[] {
  return readFileSync(path.join(sessionFolder(workspace, id), "events.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as SessionEvent).kind);
}

/** The session id a run printed (`Planned <id>` or the summary line). */
export function sessionIdIn(text: string): string {
  const match = /codex-coord-\d{8}-\d{6}-[0-9a-f]{4}/.exec(text);
  if (!match) throw new Error(`no session id in: ${text}`);
  return match[0];
}

/** Polls until `check` returns a value (or throws after `timeoutMs`). */
export async function waitFor<T>(
  check: () => T | undefined,
  timeoutMs = 15_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = check();
      if (value !== undefined) return value;
    } catch {
      // not yet readable: try again
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether a process exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
