import { describe, expect, it } from "vitest";
import { workTreePath } from "../../ccw/src/checkpoints/apply-restore.js";
import { gitEnvironment } from "../../ccw/src/checkpoints/git-exec.js";
import { describeTarget, lastLeft, stepRanges } from "../../ccw/src/checkpoints/restore-plan.js";
import { parseTempCheckout } from "../../ccw/src/checkpoints/temp-checkout.js";
import { parseNumstat, parseRawDiff, totalStat } from "../../ccw/src/checkpoints/tree-diff.js";
import { pruneCandidates } from "../../ccw/src/coordinator/session-prune.js";
import type { SessionState } from "../../ccw/src/session/state-schema.js";
import { plannedSession } from "../helpers/session-fixture.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);
const Z = "0".repeat(40);

describe("parseRawDiff", () => {
  it("reads added, modified and deleted paths, any bytes in their names", () => {
    const raw = Buffer.from(
      [
        `:000000 100644 ${Z} ${A} A`,
        "new dir/ünï cödé.txt",
        `:100644 100755 ${A} ${B} M`,
        "line\nbreak",
        `:100644 000000 ${B} ${Z} D`,
        "gone.txt",
        "",
      ].join("\0"),
    );
    expect(parseRawDiff(raw)).toEqual([
      { path: "new dir/ünï cödé.txt", from: null, to: { mode: "100644", oid: A } },
      {
        path: "line\nbreak",
        from: { mode: "100644", oid: A },
        to: { mode: "100755", oid: B },
      },
      { path: "gone.txt", from: { mode: "100644", oid: B }, to: null },
    ]);
  });
});

describe("parseNumstat and totalStat", () => {
  it.each([
    ["", [], { files: 0, added: 0, removed: 0 }],
    [
      "3\t1\tsrc/a.js\0-\t-\tlogo.png\0",
      [
        { path: "src/a.js", added: 3, removed: 1 },
        { path: "logo.png", added: null, removed: null },
      ],
      { files: 2, added: 3, removed: 1 },
    ],
    [
      "0\t2\twith\ttab\0",
      [{ path: "with\ttab", added: 0, removed: 2 }],
      { files: 1, added: 0, removed: 2 },
    ],
  ])("%j", (text, stats, total) => {
    expect(parseNumstat(Buffer.from(text))).toEqual(stats);
    expect(totalStat(parseNumstat(Buffer.from(text)))).toEqual(total);
  });
});

describe("parseTempCheckout", () => {
  it("maps each path to its temp file, any bytes in the path", () => {
    const output = Buffer.from(".merge_file_a1\tdir with space/x.txt\0.merge_link_b2\tlink\0");
    expect([...parseTempCheckout(output)]).toEqual([
      ["dir with space/x.txt", ".merge_file_a1"],
      ["link", ".merge_link_b2"],
    ]);
  });
});

function withCheckpoints(
  checkpoints: Array<SessionState["command_chain"][number]["checkpoint"]>,
  restores?: SessionState["restores"],
): SessionState {
  const base = plannedSession();
  return {
    ...base,
    command_chain: base.command_chain.map((step, index) => {
      const checkpoint = checkpoints[index];
      return checkpoint ? { ...step, checkpoint } : step;
    }),
    ...(restores ? { restores } : {}),
  };
}

describe("stepRanges and lastLeft", () => {
  it("pairs each step's before and after; a missing after ends at the next before", () => {
    const state = withCheckpoints([
      { before: A },
      { before: B, after: C, after_at: "2026-11-21T15:00:02.000Z" },
    ]);
    expect(stepRanges(state)).toEqual([
      { step: 1, from: A, to: B },
      { step: 2, from: B, to: C },
    ]);
    expect(lastLeft(state)).toBe(C);
  });

  it("takes the newest of the last after and the last restore", () => {
    const restore = {
      number: 1,
      at: "2026-11-21T15:00:05.000Z",
      target: "--before-step 2",
      wrote: B,
      saved: C,
      paths: ["x"],
    };
    const after = { before: A, after: C, after_at: "2026-11-21T15:00:03.000Z" };
    expect(lastLeft(withCheckpoints([after], [restore]))).toBe(B);
    expect(
      lastLeft(withCheckpoints([{ ...after, after_at: "2026-11-21T15:00:09.000Z" }], [restore])),
    ).toBe(C);
    expect(lastLeft(withCheckpoints([]))).toBeUndefined();
  });

  it.each([
    [{ kind: "before-step", step: 2 } as const, "--before-step 2"],
    [{ kind: "after-step", step: 1 } as const, "--after-step 1"],
    [{ kind: "undo", number: 3 } as const, "--undo 3"],
  ])("describes %j as %s", (target, text) => {
    expect(describeTarget(target)).toBe(text);
  });
});

describe("pruneCandidates", () => {
  const now = new Date("2026-11-30T00:00:00.000Z");
  const session = (id: string, status: SessionState["status"], updated: string) =>
    plannedSession({ session_id: id, status, updated_at: updated });
  const sessions = [
    session("old-done", "completed", "2026-11-01T00:00:00.000Z"),
    session("new-done", "completed", "2026-11-29T12:00:00.000Z"),
    session("old-aborted", "aborted", "2026-11-01T00:00:00.000Z"),
    session("old-failed", "failed", "2026-11-01T00:00:00.000Z"),
    session("running", "running", "2026-11-01T00:00:00.000Z"),
  ];
  it.each([
    [{ statuses: ["completed", "aborted"] }, ["old-done", "new-done", "old-aborted"]],
    [
      { statuses: ["completed", "aborted"], olderThanMs: 7 * 86_400_000 },
      ["old-done", "old-aborted"],
    ],
    [{ statuses: ["failed"] }, ["old-failed"]],
  ] as const)("%j", (options, ids) => {
    expect(
      pruneCandidates(sessions, { ...options, dryRun: false }, now).map((s) => s.session_id),
    ).toEqual(ids);
  });
});

describe("workTreePath", () => {
  it.each(["../outside", "/etc/passwd", ".git/config", "a/.GIT/hooks/x", ""])(
    "refuses %j",
    (file) => {
      expect(() => workTreePath("/repo", file)).toThrow(/outside the work tree/);
    },
  );
  it("resolves a path inside the tree", () => {
    expect(workTreePath("/repo", "src/a b.js")).toBe("/repo/src/a b.js");
  });
});

describe("gitEnvironment", () => {
  it("drops variables that point git elsewhere and sets ccw's identity", () => {
    const env = gitEnvironment({
      PATH: "/bin",
      GIT_DIR: "/elsewhere",
      GIT_INDEX_FILE: "/x",
      GIT_WORK_TREE: "/y",
      HOME: undefined,
    });
    expect(env).toMatchObject({ PATH: "/bin", GIT_AUTHOR_NAME: "ccw", GIT_COMMITTER_NAME: "ccw" });
    expect(env).not.toHaveProperty("GIT_DIR");
    expect(env).not.toHaveProperty("GIT_INDEX_FILE");
    expect(env).not.toHaveProperty("GIT_WORK_TREE");
  });
});
