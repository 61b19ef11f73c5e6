/**
 * The hook checks status files with plain functions (status.ts, legacy-status.ts) and describes
 * broken ones with zod schemas (status-schema.ts). Both must accept exactly the same values:
 * thousands of seeded mutations of valid files go through both.
 */
import { describe, expect, it } from "vitest";
import { isLegacyStatus } from "../../ccw/src/hook/legacy-status.js";
import {
  CoordinatorStatusSchema,
  LegacyStatusSchema,
  StatusSourceSchema,
} from "../../ccw/src/hook/status-schema.js";
import { isCoordinatorStatus, isStatusSource } from "../../ccw/src/session/status.js";

const CHAIN = [
  { index: 0, command: "lite-plan-a", unit: "quick-implementation", status: "completed" },
  { index: 1, command: "execute", unit: "quick-implementation", status: "running" },
];

const STATUS = {
  session_id: "codex-coord-20261121-143025-7f3a",
  workflow: "codex-coordinator",
  status: "running",
  command_chain: CHAIN,
  current: "execute",
  next: null,
  progress: { done: 1, total: 2 },
  updated_at: "2026-11-21T14:31:00Z",
};

const STATE = {
  schema_version: 1,
  session_id: "codex-coord-20261121-143025-7f3a",
  status: "waiting",
  command_chain: CHAIN,
  current_index: 1,
  updated_at: "2026-11-21T14:31:00Z",
  units: [],
};

const LEGACY = {
  session_id: "ccw-1",
  workflow: "ccw",
  status: "in-progress",
  command_chain: [{ index: 0, command: "/workflow:plan", status: "done" }, { name: "x" }],
  current_index: 0,
};

/** Values that break one rule or another: wrong types, edge numbers, near-miss enums. */
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  true,
  0,
  -1,
  1.5,
  -0,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  Number.POSITIVE_INFINITY,
  "",
  "running",
  "codex-coordinator",
  "Running",
  "pending",
  "skipped",
  "in-progress",
  [],
  [1],
  {},
  { index: 0 },
];

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every path to a value inside `value` (object keys and array positions). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [];
  const entries = Array.isArray(value)
    ? value.map((item, i) => [i, item] as const)
    : Object.entries(value);
  return entries.flatMap(([key, item]) => [[...prefix, key], ...paths(item, [...prefix, key])]);
}

/** A copy of `value` with one to three changes: a value replaced, a key removed or added. */
function mutate(value: unknown, next: () => number): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  const changes = 1 + Math.floor(next() * 3);
  for (let i = 0; i < changes; i++) {
    const all = paths(copy);
    const where = all[Math.floor(next() * all.length)];
    if (!where) break;
    const parent = where
      .slice(0, -1)
      .reduce<Record<string | number, unknown>>(
        (node, key) => node[key] as Record<string | number, unknown>,
        copy,
      );
    const key = where.at(-1) as string | number;
    const roll = next();
    const odd = structuredClone(ODD_VALUES[Math.floor(next() * ODD_VALUES.length)]);
    if (roll < 0.2 && !Array.isArray(parent)) delete parent[key];
    else if (roll < 0.3 && !Array.isArray(parent)) parent.extra = odd;
    else parent[key] = odd;
  }
  return copy;
}

describe("the hook's status checks and the zod schemas", () => {
  const cases = [
    ["status.json", STATUS, isCoordinatorStatus, CoordinatorStatusSchema],
    ["state.json", STATE, isStatusSource, StatusSourceSchema],
    ["an older ccw file", LEGACY, isLegacyStatus, LegacyStatusSchema],
  ] as const;

  it.each(cases)("accept a valid %s", (_name, valid, check, schema) => {
    expect(check(valid)).toBe(true);
    expect(schema.safeParse(valid).success).toBe(true);
  });

  it.each(cases)("agree on 5000 mutations of a valid %s", (_name, valid, check, schema) => {
    const next = random(20261121);
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const value = mutate(valid, next);
      const expected = schema.safeParse(value).success;
      if (check(value) !== expected) {
        expect.fail(`check and schema disagree on ${JSON.stringify(value)}: schema ${expected}`);
      }
      if (expected) accepted++;
    }
    // Both outcomes occur, so the agreement means something.
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(4900);
  });

  it.each(cases)("agree on values that are not objects (%s)", (_name, _valid, check, schema) => {
    for (const value of ODD_VALUES) {
      expect(check(value)).toBe(schema.safeParse(value).success);
    }
  });
});
