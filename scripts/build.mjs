// Bundles ccw into ccw/dist: `cli.js` (the whole CLI, commands split into lazy chunks) and
// `hook.js` (the hook fast path, which must start almost as fast as a bare `node`).
import { existsSync, rmSync } from "node:fs";
import { build } from "esbuild";

const outdir = new URL("../ccw/dist/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

const hookEntry = "ccw/src/hook/fast-entry.ts";

const common = {
  outdir,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minifySyntax: true,
  sourcemap: "linked",
  logLevel: "warning",
};

await build({
  ...common,
  entryPoints: { cli: "ccw/src/cli.ts" },
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  // CommonJS dependencies bundled into ESM need a real `require` for node built-ins, and some
  // read `__filename` (write-file-atomic seeds its temp-file names with it).
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
if (existsSync(hookEntry)) await build({ ...common, entryPoints: { hook: hookEntry } });
