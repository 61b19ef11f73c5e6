import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveWorkspace } from "../../../ccw/src/lib/fs/workspace.js";

const MARKER = path.join(".workflow", ".codex-coordinator");
const root = mkdtempSync(path.join(os.tmpdir(), "ccw-workspace-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Builds a tree of folders (a trailing `/`) and files under a fresh folder. */
function tree(name: string, entries: string[]): string {
  const base = path.join(root, name);
  for (const entry of entries) {
    if (entry.endsWith("/")) mkdirSync(path.join(base, entry), { recursive: true });
    else {
      mkdirSync(path.dirname(path.join(base, entry)), { recursive: true });
      writeFileSync(path.join(base, entry), "");
    }
  }
  return base;
}

describe("the workspace is found as git finds a repository", () => {
  it.each([
    {
      about: "sessions in a folder above: that folder",
      entries: [".git/", "app/.workflow/.codex-coordinator/", "app/src/"],
      cwd: "app/src",
      want: "app",
    },
    {
      about: "no sessions: the repository's root",
      entries: [".git/", "app/src/"],
      cwd: "app/src",
      want: ".",
    },
    {
      about: "a worktree's .git file counts as a root",
      entries: [".git", "lib/"],
      cwd: "lib",
      want: ".",
    },
    {
      about: "sessions above the repository's root do not count",
      entries: [".workflow/.codex-coordinator/", "repo/.git/", "repo/src/"],
      cwd: "repo/src",
      want: "repo",
    },
    {
      about: "neither: the current folder",
      entries: ["plain/deep/"],
      cwd: "plain/deep",
      want: "plain/deep",
    },
  ])("$about", async ({ entries, cwd, want }) => {
    const base = tree(`case-${Math.random().toString(16).slice(2)}`, entries);
    expect(await resolveWorkspace(path.join(base, cwd), undefined, [MARKER])).toBe(
      path.join(base, want),
    );
  });

  it("stops below the temp folder: sessions other programs left there capture nothing", async () => {
    const base = tree("ceiling", [".workflow/.codex-coordinator/", "scratch/deep/"]);
    const { discoverWorkspace } = await import("../../../ccw/src/lib/fs/workspace.js");
    expect(await discoverWorkspace(path.join(base, "scratch/deep"), [MARKER], base)).toBe(
      path.join(base, "scratch/deep"),
    );
  });

  it("--cd overrides the search", async () => {
    const base = tree("cd", [".git/", "app/src/", "other/"]);
    expect(await resolveWorkspace(path.join(base, "app/src"), "../../other", [MARKER])).toBe(
      path.join(base, "other"),
    );
  });
});
