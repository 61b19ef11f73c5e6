// Loads ccw's bundles (ccw/dist/cli.cjs, ccw/dist/hook.cjs) with V8's code cache. Node 20 has no
// compile cache of its own (module.enableCompileCache came in Node 22), and parsing and compiling
// a bundle is most of ccw's start-up. scripts/build.mjs runs typical commands once and saves the
// bytecode V8 compiled for them next to each bundle (`<bundle>.cache`); later runs start from it.
// V8 ignores a cache made by another Node version or with other V8 flags, and a cache older
// than its bundle is not used at all: in both cases the bundle compiles as usual.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { createRequire } = require("node:module");

/** Where the code cache of `file` lives. */
function cacheFileOf(file) {
  return `${file}.cache`;
}

/** The code cache of `file`, unless it is missing or older than the bundle. */
function readCodeCache(file) {
  try {
    const cache = cacheFileOf(file);
    if (fs.statSync(cache).mtimeMs < fs.statSync(file).mtimeMs) return undefined;
    return fs.readFileSync(cache);
  } catch {
    return undefined;
  }
}

/**
 * Compiles a CommonJS bundle into a script whose result is the module function, as Node's own
 * loader would wrap it. The wrapper stays on the first line, so line numbers in stack traces
 * match the bundle and its source map.
 */
function compileBundle(file, cachedData) {
  const source = fs.readFileSync(file, "utf8");
  return new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    {
      filename: file,
      cachedData,
    },
  );
}

/** Runs a compiled bundle as the module `file` and returns its exports. */
function runBundle(script, file) {
  const module = { exports: {}, filename: file };
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

/** Loads the bundle `file`, from its code cache when there is a usable one. */
function loadBundle(file) {
  return runBundle(compileBundle(file, readCodeCache(file)), file);
}

module.exports = { cacheFileOf, readCodeCache, compileBundle, runBundle, loadBundle };
