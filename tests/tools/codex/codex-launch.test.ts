import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  codexLaunch,
  findNativeCodex,
  hostTargetTriple,
} from "../../../ccw/src/tools/codex/codex-launch.js";
import { REAL_CODEX_BIN, REPO_ROOT } from "../../helpers/codex-e2e.js";

/** A fake npm install of Codex: the launcher script and a platform package of `layout`. */
function fakeInstall(layout: "bin" | "codex", name = "@openai/codex") {
  const root = mkdtempSync(path.join(os.tmpdir(), "ccw-launch-"));
  const pkg = path.join(root, "node_modules", "@openai", "codex");
  mkdirSync(path.join(pkg, "bin"), { recursive: true });
  writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name }));
  writeFileSync(path.join(pkg, "bin", "codex.js"), "#!/usr/bin/env node\n");
  const vendor = path.join(
    root,
    "node_modules",
    "@openai",
    "codex-linux-x64",
    "vendor",
    "x86_64-unknown-linux-musl",
    layout,
  );
  mkdirSync(vendor, { recursive: true });
  writeFileSync(path.join(vendor, "codex"), "\u007fELF");
  chmodSync(path.join(vendor, "codex"), 0o755);
  return { launcher: path.join(pkg, "bin", "codex.js"), native: path.join(vendor, "codex"), pkg };
}

const linux = { platform: "linux", arch: "x64" };

describe("codexLaunch", () => {
  it.each(["bin", "codex"] as const)(
    "starts the native binary behind the launcher (%s/ layout)",
    (layout) => {
      const install = fakeInstall(layout);
      expect(codexLaunch(install.launcher, linux)).toEqual({
        file: install.native,
        env: { CODEX_MANAGED_PACKAGE_ROOT: install.pkg, CODEX_MANAGED_BY_NPM: "1" },
        native: true,
        args: [],
      });
    },
  );

  it("starts any other script as it is", () => {
    const install = fakeInstall("bin", "not-codex");
    expect(codexLaunch(install.launcher, linux)).toEqual({
      file: install.launcher,
      env: {},
      native: false,
      args: [],
    });
    const fixture = path.join(REPO_ROOT, "tests", "fixtures", "fake-codex", "fake-codex.mjs");
    expect(codexLaunch(fixture, linux).native).toBe(false);
  });

  it("falls back to the launcher when no native binary is found", () => {
    const install = fakeInstall("bin");
    expect(codexLaunch(install.launcher, { platform: "sunos", arch: "sparc" })).toMatchObject({
      file: install.launcher,
      native: false,
      args: [],
    });
  });

  it("finds the real Codex's native binary", () => {
    const target = hostTargetTriple(process.platform, process.arch);
    const launch = codexLaunch(REAL_CODEX_BIN);
    expect(launch.native).toBe(target !== undefined);
    if (target) expect(launch.file).toMatch(/vendor\/.*\/codex$/);
  });

  it("knows both vendor layouts", () => {
    const install = fakeInstall("codex");
    expect(findNativeCodex(install.launcher, "x86_64-unknown-linux-musl")).toBe(install.native);
    expect(findNativeCodex(install.launcher, "aarch64-apple-darwin")).toBeUndefined();
  });
});
