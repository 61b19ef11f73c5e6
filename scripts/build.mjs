// Bundles ccw into ccw/dist: `cli.js` (the whole CLI, commands split into lazy chunks) and
// `hook.js` (the hook fast path, which must start almost as fast as a bare `node`).
import { existsSync, rmSync } from "node:fs";
import { build } from "esbuild";

const outdir = new URL("../ccw/dist/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

const hookEntry = "ccw/src/hook/fast-entry.ts";
const entryPoints = { cli: "ccw/src/cli.ts" };
if (existsSync(hookEntry)) entryPoints.hook = hookEntry;

await build({
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minifySyntax: true,
  sourcemap: "linked",
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
  // CommonJS dependencies bundled into ESM need a real `require` for node built-ins.
  banner: {
    js: 'import { createRequire as __ccwCreateRequire } from "node:module"; const require = __ccwCreateRequire(import.meta.url);',
  },
});
