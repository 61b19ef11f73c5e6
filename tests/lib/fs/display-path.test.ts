import { describe, expect, it } from "vitest";
import { displayPath } from "../../../ccw/src/lib/fs/display-path.js";

describe("displayPath", () => {
  it.each([
    { file: "/work/p/a/b.md", where: { cwd: "/work/p" }, shown: "a/b.md" },
    { file: "/work/p", where: { cwd: "/work/p" }, shown: "/work/p" },
    { file: "/work/q/b.md", where: { cwd: "/work/p" }, shown: "/work/q/b.md" },
    { file: "/home/u/.codex/x.md", where: { cwd: "/work/p" }, shown: "/home/u/.codex/x.md" },
    {
      file: "/home/u/.codex/x.md",
      where: { cwd: "/work/p", homedir: "/home/u" },
      shown: "~/.codex/x.md",
    },
    { file: "/work/p/x.md", where: { cwd: "/work/p", homedir: "/work" }, shown: "x.md" },
    { file: "/home/u", where: { cwd: "/work/p", homedir: "/home/u" }, shown: "/home/u" },
  ])("$file from $where.cwd (home $where.homedir) is $shown", ({ file, where, shown }) => {
    expect(displayPath(file, where)).toBe(shown);
  });
});
