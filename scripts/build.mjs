// Bundles ccw into ccw/dist: `cli.js` (the whole CLI, commands split into lazy chunks) and
// `hook.cjs` (the hook fast path, which must start almost as fast as a bare `node`).
// The bundle is built in a fresh folder and then swapped in, so a running ccw, or a second
// build at the same moment, never sees a half-written dist.
import { existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
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
  format: "esm",
  platform: "node",
  target: "node20",
  minifySyntax: true,
  sourcemap: "linked",
  logLevel: "warning",
};

try {
  await build({
    ...common,
    entryPoints: { cli: path.join(root, "ccw/src/cli.ts") },
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    // CommonJS dependencies bundled into ESM need a real `require` for node built-ins, and some
    // may read `__filename`.
    banner: {
      js: [
        'import { createRequire as __ccwCreateRequire } from "node:module";',
        'import { fileURLToPath as __ccwFileURLToPath } from "node:url";',
        "const require = __ccwCreateRequire(import.meta.url);",
        "const __filename = __ccwFileURLToPath(import.meta.url);",
      ].join(" "),
    },
  });

  // The hook is built on its own, in one file: with shared chunks it would load what the CLI
  // shares with it in full (zod's core with every locale that classic zod pulls in).
  // CommonJS, so that ccw/bin/ccw.js (CommonJS too) loads it without Node's ES module loader.
  if (existsSync(hookEntry)) {
    await build({ ...common, format: "cjs", outExtension: { ".js": ".cjs" }, entryPoints: { hook: hookEntry } });
  }

  const previous = `${staging}.old`;
  if (existsSync(outdir)) renameSync(outdir, previous);
  renameSync(staging, outdir);
  rmSync(previous, { recursive: true, force: true });
} finally {
  rmSync(staging, { recursive: true, force: true });
}
