import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { StorageError } from "../../../ccw/src/errors.js";
import { isAtomicTempFileOf, writeFileAtomically } from "../../../ccw/src/lib/fs/atomic-file.js";

describe("writeFileAtomically", () => {
  it("replaces a file's content and leaves no temp file", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ccw-atomic-"));
    const file = path.join(dir, "state.json");
    writeFileSync(file, "old");
    await writeFileAtomically(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["state.json"]);
  });

  it("with preserve, writes through a symbolic link and keeps the file's permissions", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ccw-atomic-"));
    const real = path.join(dir, "dotfiles-settings.json");
    const link = path.join(dir, "settings.json");
    writeFileSync(real, "old");
    chmodSync(real, 0o600);
    symlinkSync(real, link);
    await writeFileAtomically(link, "new", { preserve: true });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe("new");
    expect(statSync(real).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(["dotfiles-settings.json", "settings.json"]);
  });

  // Root ignores permission bits, so this case only means something for other users.
  it.skipIf(process.getuid?.() === 0)(
    "reports a folder it cannot write to as a StorageError and keeps the old content",
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "ccw-atomic-"));
      const file = path.join(dir, "state.json");
      writeFileSync(file, "old");
      chmodSync(dir, 0o500);
      try {
        await expect(writeFileAtomically(file, "new")).rejects.toBeInstanceOf(StorageError);
        expect(readFileSync(file, "utf8")).toBe("old");
      } finally {
        chmodSync(dir, 0o700);
      }
    },
  );

  it("reports a missing folder as a StorageError naming the file", async () => {
    const file = path.join(os.tmpdir(), "ccw-no-such-dir", "x", "state.json");
    await expect(writeFileAtomically(file, "x")).rejects.toThrow(
      `cannot write ${file}: ENOENT: no such file or directory`,
    );
  });
});

describe("isAtomicTempFileOf", () => {
  it.each([
    ["state.json.12345", true],
    ["state.json.0", true],
    ["state.json", false],
    ["state.json.tmp", false],
    ["status.json.123", false],
    ["state.json.12a", false],
  ])("%s → %s", (name, expected) => {
    expect(isAtomicTempFileOf(name, "/w/state.json")).toBe(expected);
  });
});
