// The notice shipped in ccw/dist names exactly the packages bundled into ccw, each with its
// licence text: the bundles are made again here (in memory) and their inputs compared with
// the file the build wrote. Needs the build (`npm test` builds first).
import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import {
  bundledPackageDirs,
  packageNotice,
  renderNotices,
} from "../../scripts/third-party-notices.mjs";

const root = path.resolve(import.meta.dirname, "../..");

async function metafile(entry: string) {
  const options = JSON.parse(readFileSync(path.join(root, "scripts/bundle-options.json"), "utf8"));
  const result = await build({
    ...options,
    entryPoints: [path.join(root, entry)],
    write: false,
    metafile: true,
    logLevel: "silent",
    outdir: path.join(root, "ccw", ".notices-test"),
  });
  if (!result.metafile) throw new Error("esbuild gave no metafile");
  return result.metafile;
}

describe("THIRD-PARTY-NOTICES.md", () => {
  it("lists every bundled package, with its version, licence and licence text", async () => {
    const metafiles = await Promise.all(
      [
        "ccw/src/cli.ts",
        "ccw/src/hook/fast-entry.ts",
        "ccw/src/program/cli-fast-path.ts",
        "node_modules/yaml/dist/index.js",
        "node_modules/string-width/index.js",
      ].map(metafile),
    );
    const expected = bundledPackageDirs(root, metafiles).map(packageNotice);
    expect(expected.map((notice) => notice.name)).toEqual(
      expect.arrayContaining(["commander", "zod", "yaml", "string-width", "chokidar"]),
    );
    const shipped = readFileSync(path.join(root, "ccw/dist/THIRD-PARTY-NOTICES.md"), "utf8");
    const headings = [...shipped.matchAll(/^## (\S+) (\S+) \((\S+)\)$/gm)].map((m) => m.slice(1));
    expect(headings).toEqual(expected.map((n) => [n.name, n.version, n.license]));
    for (const notice of expected) expect(shipped).toContain(notice.text);
  }, 60_000);

  it("refuses a licence ccw may not bundle, or a package without licence text", () => {
    expect(() =>
      renderNotices([{ name: "viral", version: "1.0.0", license: "GPL-3.0", text: "GPL" }]),
    ).toThrow("viral: licence GPL-3.0 is not one ccw may bundle");
    expect(() =>
      renderNotices([{ name: "bare", version: "1.0.0", license: "MIT", text: undefined }]),
    ).toThrow("bare: no LICENSE file to reproduce");
  });
});
