// Bundles ccw into ccw/dist: `cli.mjs` (the whole CLI, commands split into lazy chunks) and
// `hook.cjs` (the hook fast path, which must start almost as fast as a bare `node`).
// The bundle is built in a fresh folder and then swapped in, so a running ccw, or a second
// build at the same moment, never sees a half-written dist.
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "ccw", "dist");
const staging = mkdtempSync(path.join(root, "ccw", ".dist-"));

const hookEntry = path.join(root, "ccw/src/hook/fast-entry.ts");

const common = {
  outdir: staging,
  bundle: true,
  platform: "node",
  target: "node20",
  minifySyntax: true,
  sourcemap: "linked",
  logLevel: "warning",
};

/**
 * CommonJS packages bundled into ES modules call `require` for Node's built-ins through
 * esbuild's `__require` helper, which exists once, in one chunk: only that chunk gets a
 * `require`. (A banner would put it, and its cost, in every one of the ~40 chunks a run loads.)
 * It goes on the first line, so the source map stays aligned.
 */
function giveRequireToRuntimeChunk(dir) {
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(".mjs"));
  const runtime = files.filter((name) =>
    readFileSync(path.join(dir, name), "utf8").includes("var __require = "),
  );
  if (runtime.length !== 1)
    throw new Error(`expected one chunk defining __require, found ${runtime.length}`);
  const file = path.join(dir, runtime[0]);
  const shim =
    'import { createRequire as __ccwCreateRequire } from "node:module"; const require = __ccwCreateRequire(import.meta.url); ';
  writeFileSync(file, shim + readFileSync(file, "utf8"));
}

try {
  // ES modules named .mjs: Node knows their format without looking for a package.json.
  await build({
    ...common,
    format: "esm",
    entryPoints: { cli: path.join(root, "ccw/src/cli.ts") },
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    outExtension: { ".js": ".mjs" },
  });
  giveRequireToRuntimeChunk(staging);

  // The hook is built on its own, in one file: with shared chunks it would load what the CLI
  // shares with it in full (zod's core with every locale that classic zod pulls in).
  // CommonJS, so that ccw/bin/ccw.js (CommonJS too) loads it without Node's ES module loader.
  if (existsSync(hookEntry)) {
    await build({
      ...common,
      format: "cjs",
      outExtension: { ".js": ".cjs" },
      entryPoints: { hook: hookEntry },
    });
  }

  const previous = `${staging}.old`;
  if (existsSync(outdir)) renameSync(outdir, previous);
  renameSync(staging, outdir);
  rmSync(previous, { recursive: true, force: true });
} finally {
  rmSync(staging, { recursive: true, force: true });
}
