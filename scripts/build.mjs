// Bundles ccw into ccw/dist, as CommonJS (Node loads it without its ES module loader):
// `cli.cjs`, the whole CLI; `hook.cjs`, the hook fast path, which must start almost as fast as
// a bare `node`; and `cli-run.cjs`, the `ccw cli` fast path, which starts Codex without loading
// the CLI; each with `<bundle>.cache`, V8's code cache for it (see ccw/bin/bundle.js).
// The bundle is built in a fresh folder and then swapped in, so a running ccw, or a second
// build at the same moment, never sees a half-written dist.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
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
import { bundledPackageDirs, packageNotice, renderNotices } from "./third-party-notices.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "ccw", "dist");
const staging = mkdtempSync(path.join(root, "ccw", ".dist-"));

const hookEntry = path.join(root, "ccw/src/hook/fast-entry.ts");

// The options both bundles share live in bundle-options.json, which the hook bundle's test
// bundles with too: CommonJS for Node 20; `import()` turned into `require()`, so the bundles never
// need Node's ES module loader; import.meta.url defined as the bundle's own URL (the sources are
// ES modules), after a "use strict" that keeps the bundles as strict as their ES module sources;
// minified, for a third less to read and compile at every start (CCW_DEBUG=1 stack
// traces go through the source maps to the TypeScript sources, see ccw/bin/ccw.js).
const common = {
  ...JSON.parse(readFileSync(path.join(root, "scripts", "bundle-options.json"), "utf8")),
  outdir: staging,
  outExtension: { ".js": ".cjs" },
  sourcemap: "linked",
  logLevel: "warning",
  metafile: true,
};

/**
 * commander requires node:child_process as it loads, for the executable subcommands ccw does
 * not use, and that module loads net and stream with it (1.6 ms on its own; about 1 ms of a
 * start that loads streams anyway). Its import is given a stand-in that loads the real module
 * on first use. ccw's own imports are untouched.
 */
const lazyChildProcessForCommander = {
  name: "lazy-child-process-for-commander",
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}commander${path.sep}`)
        ? { path: "child_process", namespace: "lazy-builtin" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, () => ({
      contents: `let real;
module.exports = new Proxy({}, { get: (_, key) => (real ??= require("node:child_process"))[key] });`,
      loader: "js",
    }));
  },
};

try {
  const cli = await build({
    ...common,
    entryPoints: { cli: path.join(root, "ccw/src/cli.ts") },
    plugins: [lazyChildProcessForCommander],
  });
  // Built on its own: it must not carry what only the CLI needs (commander, classic zod).
  const hook = await build({ ...common, entryPoints: { hook: hookEntry } });
  const cliRun = await build({
    ...common,
    entryPoints: { "cli-run": path.join(root, "ccw/src/program/cli-fast-path.ts") },
  });
  // yaml, which ccw loads only for frontmatter its own reader cannot read, as a bundle of its
  // own next to the CLI (ccw/src/tools/registry/yaml-module.ts), so it is no run-time dependency.
  const yaml = await build({
    ...common,
    entryPoints: { yaml: path.join(root, "node_modules/yaml/dist/index.js") },
  });
  // string-width, which ccw loads only to measure text that is not plain ASCII, bundled on its
  // own in the same way (ccw/src/lib/text/string-width-module.ts): loading it costs ~20 ms.
  const stringWidth = await build({
    ...common,
    entryPoints: { "string-width": path.join(root, "node_modules/string-width/index.js") },
  });
  assertAscii(["cli.cjs", "hook.cjs", "cli-run.cjs"]);
  // The page of `ccw view`: plain TypeScript and CSS for the browser, one script and one
  // style sheet the server serves itself (no CDN, works offline).
  const view = await build({
    entryPoints: { app: path.join(root, "ccw/src/view/web/main.ts") },
    outdir: path.join(staging, "view"),
    bundle: true,
    platform: "browser",
    format: "iife",
    target: ["chrome110", "firefox110", "safari16"],
    minify: true,
    logLevel: "warning",
    metafile: true,
  });
  copyFileSync(
    path.join(root, "ccw/src/view/web/favicon.svg"),
    path.join(staging, "view", "favicon.svg"),
  );
  // The licences of the bundled packages, shipped next to the bundles (scripts/third-party-notices.mjs).
  const dirs = bundledPackageDirs(root, [
    cli.metafile,
    hook.metafile,
    cliRun.metafile,
    yaml.metafile,
    stringWidth.metafile,
    view.metafile,
  ]);
  writeFileSync(
    path.join(staging, "THIRD-PARTY-NOTICES.md"),
    renderNotices(dirs.map(packageNotice)),
  );
  // A few typical commands run once on the new bundles; the bytecode V8 compiled for them
  // becomes the code caches that later runs start from.
  const warm = spawnSync(
    process.execPath,
    [path.join(root, "scripts/warm-code-cache.mjs"), staging],
    { stdio: "inherit" },
  );
  if (warm.status === 0) {
    // mkdtemp made the folder for this user alone (0700): ccw/dist is read by every user of a
    // shared checkout or a global install.
    readableByAll(staging);
    const previous = `${staging}.old`;
    if (existsSync(outdir)) renameSync(outdir, previous);
    renameSync(staging, outdir);
    rmSync(previous, { recursive: true, force: true });
  } else {
    process.stderr.write(
      "build: the new bundle failed its warm-up run (above); dist is unchanged\n",
    );
    process.exitCode = 1;
  }
} catch (error) {
  // esbuild has printed its diagnostics already; the rest say what is wrong in one message.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  rmSync(staging, { recursive: true, force: true });
}

/** Folders 0755 and files 0644 under (and including) `dir`. */
function readableByAll(dir) {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) readableByAll(full);
    else chmodSync(full, 0o644);
  }
}

/**
 * ASCII_ONLY: the bundles every start reads are pure ASCII. Node then decodes them without
 * UTF-8 work and V8 keeps their source as one-byte strings (a single other character makes it
 * two bytes per character, 1.4 MB for cli.cjs). esbuild escapes strings but not regular
 * expression literals: write such a literal with `\uXXXX` escapes, or build it from strings.
 */
function assertAscii(names) {
  for (const name of names) {
    const bytes = readFileSync(path.join(staging, name));
    const at = bytes.findIndex((byte) => byte > 0x7f);
    if (at < 0) continue;
    const text = bytes.toString("latin1");
    const line = text.slice(0, at).split("\n").length;
    const around = bytes.subarray(Math.max(0, at - 60), at + 20).toString("utf8");
    throw new Error(
      `build: ${name} is not ASCII (line ${line}): …${around}… A regular expression literal with non-ASCII text? See ASCII_ONLY in scripts/build.mjs.`,
    );
  }
}
