import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nodeEvidenceFs } from "../../ccw/src/evidence/evidence-fs.js";
import { isInside, normalizeRepoPath, RepoFiles } from "../../ccw/src/evidence/repo-paths.js";
import { fixtureRepo } from "./fixture-repo.js";

describe("normalizeRepoPath", () => {
  it.each([
    ["ccw/src/cli.ts", "ccw/src/cli.ts"],
    ["./ccw//src/./cli.ts", "ccw/src/cli.ts"],
    ["ccw\\src\\cli.ts", "ccw/src/cli.ts"],
    [".codex/prompts/", ".codex/prompts"],
    ["docs/../ccw/src/cli.ts", "ccw/src/cli.ts"],
    [".", "."],
    ["a/..", "."],
  ])("%s → %s", (text, relative) => {
    expect(normalizeRepoPath(text)).toEqual({ ok: true, relative });
  });

  it.each([
    ["/etc/passwd", "path-absolute"],
    ["~/x.md", "path-absolute"],
    ["C:\\x\\y.md", "path-absolute"],
    ["\\\\server\\share\\x.md", "path-absolute"],
    ["https://example.com/x.md", "path-absolute"],
    ["..", "path-escapes-root"],
    ["../x.md", "path-escapes-root"],
    ["docs/../../x.md", "path-escapes-root"],
    ["..\\x.md", "path-escapes-root"],
  ])("refuses %s (%s)", (text, kind) => {
    expect(normalizeRepoPath(text)).toEqual({ ok: false, kind });
  });

  it("accepts names that merely start with two dots", () => {
    expect(normalizeRepoPath("..hidden/x.md")).toEqual({ ok: true, relative: "..hidden/x.md" });
  });
});

describe("isInside", () => {
  it.each([
    ["/r", "/r", true],
    ["/r", "/r/a", true],
    ["/r", "/r/..a", true],
    ["/r", "/ra", false],
    ["/r", "/", false],
    ["/r", "/x/r", false],
  ])("%s contains %s → %s", (root, candidate, expected) => {
    expect(isInside(root, candidate)).toBe(expected);
  });
});

describe("RepoFiles.locate", () => {
  const { root, outside } = fixtureRepo();
  mkdirSync(path.join(root, "links"));
  symlinkSync("../docs/guide.md", path.join(root, "links", "inside.md"));
  symlinkSync(path.join(outside, "secret.md"), path.join(root, "links", "absolute-out.md"));
  symlinkSync("../../outside/nothing.md", path.join(root, "links", "dangling-out.md"));
  symlinkSync("../docs/nothing.md", path.join(root, "links", "dangling-in.md"));
  symlinkSync("loop-b", path.join(root, "links", "loop-a"));
  symlinkSync("loop-a", path.join(root, "links", "loop-b"));
  writeFileSync(path.join(outside, "plain.md"), "x\n");
  const repo = new RepoFiles(root, nodeEvidenceFs);

  it.each([
    ["docs/guide.md", "file"],
    ["docs", "directory"],
    [".", "directory"],
    ["links/inside.md", "file"],
    ["docs/nothing.md", "missing"],
    ["nowhere/at/all.md", "missing"],
    ["docs/guide.md/below", "missing"],
    ["links/dangling-in.md", "missing"],
    ["outside-link", "outside"],
    ["outside-link/secret.md", "outside"],
    ["outside-link/nothing.md", "outside"],
    ["links/absolute-out.md", "outside"],
    ["links/dangling-out.md", "outside"],
    ["links/loop-a", "error"],
  ])("%s → %s", async (relative, kind) => {
    expect((await repo.locate(relative)).kind).toBe(kind);
  });
});
