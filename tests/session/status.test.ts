import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CoordinatorStatusSchema, StatusSourceSchema } from "../../ccw/src/hook/status-schema.js";
import {
  projectStatus,
  type SessionStatus,
  type StatusSource,
  type StepStatus,
} from "../../ccw/src/session/status.js";
import { writeStatusFile } from "../../ccw/src/session/status-file.js";

const UNITS = ["quick-implementation", "quick-implementation", "cleanup", "cleanup"];
const COMMANDS = ["lite-plan-a", "execute", "clean", "analyze-with-file"];

function source(
  status: SessionStatus,
  steps: readonly StepStatus[],
  currentIndex: number | null = null,
): StatusSource {
  return {
    session_id: "codex-coord-20261121-143025-7f3a",
    status,
    command_chain: steps.map((stepStatus, index) => ({
      index,
      command: COMMANDS[index] ?? `step-${index}`,
      unit: UNITS[index] ?? "unit",
      status: stepStatus,
    })),
    current_index: currentIndex,
    updated_at: "2026-11-21T14:31:00Z",
  };
}

describe("projectStatus", () => {
  it.each([
    [
      "planned: nothing ran",
      source("planned", ["pending", "pending"]),
      0,
      "lite-plan-a",
      "execute",
    ],
    [
      "running the first step",
      source("running", ["running", "pending"], 0),
      0,
      "lite-plan-a",
      "execute",
    ],
    ["running the last step", source("running", ["completed", "running"], 1), 1, "execute", null],
    [
      "between steps, current_index still on the completed step",
      source("running", ["completed", "pending"], 0),
      1,
      "execute",
      null,
    ],
    [
      "waiting after Ctrl-C: the interrupted step runs next",
      source("waiting", ["completed", "pending", "pending", "pending"]),
      1,
      "execute",
      "clean",
    ],
    [
      "failed: the failed step is current",
      source("failed", ["completed", "failed", "pending", "pending"]),
      1,
      "execute",
      "clean",
    ],
    [
      "skipped steps count as done and are never next",
      source("running", ["running", "pending", "skipped", "pending"], 0),
      1,
      "lite-plan-a",
      "execute",
    ],
    [
      "a skipped unit between current and the rest",
      source("waiting", ["pending", "skipped", "skipped", "pending"]),
      2,
      "lite-plan-a",
      "analyze-with-file",
    ],
    [
      "completed: no current, no next",
      source("completed", ["completed", "completed"]),
      2,
      null,
      null,
    ],
    ["empty chain", source("planned", []), 0, null, null],
  ])("%s", (_name, state, done, current, next) => {
    const status = projectStatus(state);
    expect(status).toMatchObject({
      session_id: state.session_id,
      workflow: "codex-coordinator",
      status: state.status,
      current,
      next,
      progress: { done, total: state.command_chain.length },
      updated_at: state.updated_at,
    });
    expect(CoordinatorStatusSchema.safeParse(status).success).toBe(true);
  });

  it("orders the chain by index and keeps only index, command, unit and status", () => {
    const state = StatusSourceSchema.parse({
      schema_version: 1,
      session_id: "s1",
      status: "running",
      current_index: 1,
      updated_at: "2026-11-21T14:31:00Z",
      command_chain: [
        {
          index: 1,
          command: "execute",
          unit: "bug-fix",
          category: "execution",
          args: {},
          status: "running",
          attempts: 1,
        },
        {
          index: 0,
          command: "lite-fix",
          unit: "bug-fix",
          category: "planning",
          args: { TASK: "x" },
          status: "completed",
          attempts: 1,
        },
      ],
      units: [],
    });
    expect(projectStatus(state)).toEqual({
      session_id: "s1",
      workflow: "codex-coordinator",
      status: "running",
      command_chain: [
        { index: 0, command: "lite-fix", unit: "bug-fix", status: "completed" },
        { index: 1, command: "execute", unit: "bug-fix", status: "running" },
      ],
      current: "execute",
      next: null,
      progress: { done: 1, total: 2 },
      updated_at: "2026-11-21T14:31:00Z",
    });
  });

  it("rejects a state whose statuses are not the coordinator's", () => {
    const result = StatusSourceSchema.safeParse({
      ...source("running", ["running"]),
      status: "in-progress",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["status"]);
  });
});

describe("writeStatusFile", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes the projection as status.json, replacing the old one, with no temp file left", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "ccw-status-"));
    await writeStatusFile(dir, source("running", ["running", "pending"], 0));
    await writeStatusFile(dir, source("running", ["completed", "running"], 1));
    const text = await readFile(path.join(dir, "status.json"), "utf8");
    expect(text.endsWith("}\n")).toBe(true);
    const written = CoordinatorStatusSchema.parse(JSON.parse(text));
    expect(written).toMatchObject({
      current: "execute",
      next: null,
      progress: { done: 1, total: 2 },
    });
    expect(await readdir(dir)).toEqual(["status.json"]);
  });

  it("fails with a storage error when the session folder does not exist", async () => {
    await expect(
      writeStatusFile("/nonexistent-ccw-dir/s1", source("planned", ["pending"])),
    ).rejects.toMatchObject({ name: "StorageError", exitCode: 74 });
  });
});
