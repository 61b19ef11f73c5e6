import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NotFoundError } from "../../../ccw/src/errors.js";
import { resolveWorkspace } from "../../../ccw/src/lib/fs/workspace.js";

describe("resolveWorkspace", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "ccw-workspace-"));
  writeFileSync(path.join(root, "notes.txt"), "x");

  it("is the current folder without --cd, else --cd resolved against it", async () => {
    expect(await resolveWorkspace(root, undefined)).toBe(root);
    expect(await resolveWorkspace(path.join(root, "sub", ".."), ".")).toBe(root);
  });

  it.each(["missing", "notes.txt"])("refuses --cd %s, which is not a folder", async (cd) => {
    const refused = resolveWorkspace(root, cd);
    await expect(refused).rejects.toBeInstanceOf(NotFoundError);
    await expect(refused).rejects.toThrow(`the workspace ${path.join(root, cd)} is not a folder`);
  });
});
