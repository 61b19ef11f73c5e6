import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the ccw executable never prints a stack trace", () => {
  it("a bundle it cannot read: one line saying what and how to fix it (exit 74)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ccw-bin-"));
    scratch.push(dir);
    cpSync(path.join(root, "ccw", "bin"), path.join(dir, "bin"), { recursive: true });
    // Root reads any file whatever its mode: a folder in the bundle's place fails the read
    // the way an unreadable file does for another user (EISDIR instead of EACCES).
    mkdirSync(path.join(dir, "dist", "cli.cjs"), { recursive: true });
    const run = spawnSync(process.execPath, [path.join(dir, "bin", "ccw.js"), "--version"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
    });
    expect(run.status).toBe(74);
    expect(run.stderr).toMatch(/^ccw: error: cannot load .*cli\.cjs: EISDIR: /);
    expect(run.stderr).toContain("readable by this user");
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr.trim().split("\n")).toHaveLength(2);
  });
});

describe("the build (npm run build)", () => {
  it("leaves ccw/dist readable by every user: folders 0755, files 0644", () => {
    const dist = path.join(root, "ccw", "dist");
    const modes: string[] = [];
    const walk = (dir: string) => {
      const mode = statSync(dir).mode & 0o777;
      if (mode !== 0o755) modes.push(`${path.relative(dist, dir) || "."} ${mode.toString(8)}`);
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if ((statSync(full).mode & 0o444) !== 0o444) modes.push(`${entry.name} unreadable`);
      }
    };
    walk(dist);
    expect(modes).toEqual([]);
  });
});
