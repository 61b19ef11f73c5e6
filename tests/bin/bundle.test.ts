import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Script } from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

interface BundleLoader {
  cacheFileOf(file: string): string;
  readCodeCache(file: string): Buffer | undefined;
  compileBundle(file: string, cachedData: Buffer | undefined): Script;
  runBundle(script: Script, file: string): Record<string, unknown>;
  loadBundle(file: string): Record<string, unknown>;
}
const loader = createRequire(import.meta.url)(path.join(root, "ccw/bin/bundle.js")) as BundleLoader;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ccw-bundle-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A small CommonJS bundle that reports what it was run with. */
function writeBundle(name = "app.cjs"): string {
  const file = path.join(dir, name);
  writeFileSync(path.join(dir, "helper.cjs"), "module.exports = 'helper';\n");
  writeFileSync(
    file,
    [
      "exports.self = this === module.exports;",
      "exports.filename = __filename;",
      "exports.dirname = __dirname;",
      "exports.helper = require('./helper.cjs');",
      "exports.twice = (n) => n * 2;",
      "exports.line = () => new Error('here').stack.split('\\n')[1];",
    ].join("\n"),
  );
  return file;
}

describe("loading a CommonJS bundle", () => {
  it("runs it as Node would run the module: this, __filename, __dirname, require", () => {
    const file = writeBundle();
    const loaded = loader.loadBundle(file);
    expect(loaded).toMatchObject({ self: true, filename: file, dirname: dir, helper: "helper" });
    expect((loaded.twice as (n: number) => number)(21)).toBe(42);
  });

  it("keeps the bundle's line numbers in stack traces", () => {
    const file = writeBundle();
    const line = (loader.loadBundle(file).line as () => string)();
    expect(line).toContain(`${file}:6:`);
  });

  it("reports a missing bundle with ENOENT and its path", () => {
    const missing = path.join(dir, "missing.cjs");
    expect(() => loader.loadBundle(missing)).toThrow(
      expect.objectContaining({ code: "ENOENT", path: missing }),
    );
  });
});

describe("the code cache", () => {
  it("is used when it is not older than its bundle", () => {
    const file = writeBundle();
    const script = loader.compileBundle(file, undefined);
    loader.runBundle(script, file);
    writeFileSync(loader.cacheFileOf(file), script.createCachedData());

    const cache = loader.readCodeCache(file);
    expect(cache).toBeInstanceOf(Buffer);
    const cached = loader.compileBundle(file, cache);
    expect(cached.cachedDataRejected).toBe(false);
    expect(loader.runBundle(cached, file).helper).toBe("helper");
  });

  it("is left alone when the bundle changed after it was written", () => {
    const file = writeBundle();
    writeFileSync(
      loader.cacheFileOf(file),
      loader.compileBundle(file, undefined).createCachedData(),
    );
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    expect(loader.readCodeCache(file)).toBeUndefined();
  });

  it("is simply absent when there is none", () => {
    expect(loader.readCodeCache(writeBundle())).toBeUndefined();
  });

  it("that does not fit its bundle is rejected by V8, and the bundle still runs", () => {
    const file = writeBundle();
    const other = path.join(dir, "other.cjs");
    writeFileSync(other, "exports.other = true;\n");
    const foreign = loader.compileBundle(other, undefined).createCachedData();
    const script = loader.compileBundle(file, foreign);
    expect(script.cachedDataRejected).toBe(true);
    expect(loader.runBundle(script, file).helper).toBe("helper");
  });
});

describe("ccw/dist as built", () => {
  it.each(["cli.cjs", "hook.cjs"])(
    "%s has a code cache that a fresh node process accepts",
    (name) => {
      const bundle = path.join(root, "ccw/dist", name);
      expect(existsSync(bundle), "run npm run build").toBe(true);
      const probe = spawnSync(
        process.execPath,
        [
          "-e",
          `const l = require(${JSON.stringify(path.join(root, "ccw/bin/bundle.js"))});
         const f = ${JSON.stringify(bundle)};
         const s = l.compileBundle(f, l.readCodeCache(f));
         process.stdout.write(String(s.cachedDataRejected));`,
        ],
        { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
      );
      expect(probe.stderr).toBe("");
      expect(probe.stdout).toBe("false");
    },
  );

  it.each(["cli.cjs", "hook.cjs"])("%s runs in strict mode, like its ES module sources", (name) => {
    const source = readFileSync(path.join(root, "ccw/dist", name), "utf8");
    // A directive counts only at the very start, before the banner's own statements.
    expect(source.startsWith('"use strict";')).toBe(true);
  });

  it("with CCW_DEBUG=1, prints stack traces that name the TypeScript sources", () => {
    const result = spawnSync(
      process.execPath,
      [path.join(root, "ccw/bin/ccw.js"), "coordinator", "status", "no-such-session", "--cd", dir],
      { encoding: "utf8", env: { ...process.env, CCW_DEBUG: "1", NO_COLOR: "1" } },
    );
    expect(result.status).toBe(66);
    expect(result.stderr).toContain("NotFoundError: no session no-such-session");
    expect(result.stderr).toMatch(/at .*ccw\/src\/coordinator\/session-store\.ts:\d+:\d+/);
  });

  it("ccw says it is not built, with exit 70, when dist is missing", () => {
    const bin = path.join(dir, "ccw", "bin");
    mkdirSync(bin, { recursive: true });
    cpSync(path.join(root, "ccw/bin"), bin, { recursive: true });
    for (const args of [["--version"], ["hook", "statusline"]]) {
      const result = spawnSync(process.execPath, [path.join(bin, "ccw.js"), ...args], {
        encoding: "utf8",
        input: "",
      });
      expect(result.status).toBe(70);
      expect(result.stderr).toBe(
        "ccw: error: ccw is not built yet. Run `npm run build` in its folder.\n",
      );
    }
  });
});
