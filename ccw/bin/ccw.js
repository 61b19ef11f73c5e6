#!/usr/bin/env node
// The ccw executable. It is CommonJS (see ./package.json), like all of ccw's bundles: Node
// starts a CommonJS script without its ES module loader. The hook commands run on every tool
// call of a Claude Code session, so they take a separate, minimal bundle (dist/hook.cjs);
// `ccw cli` takes another (dist/cli-run.cjs), which starts Codex without loading the whole CLI
// and hands back any argv it does not fully understand; everything else loads the full CLI
// (dist/cli.cjs). All load from their code cache (./bundle.js).
"use strict";
const path = require("node:path");

const dist = path.join(__dirname, "..", "dist");
// The bundles are minified: with CCW_DEBUG=1, stack traces name the TypeScript sources instead
// (the bundle then loads through require, which applies source maps, not from its code cache).
const debug = process.env.CCW_DEBUG === "1";
if (debug) process.setSourceMapsEnabled(true);
const [command, subcommand, ...rest] = process.argv.slice(2);
const helpWanted = rest.some((arg) => arg === "-h" || arg === "--help");

function notBuilt() {
  process.stderr.write("ccw: error: ccw is not built yet. Run `npm run build` in its folder.\n");
  process.exitCode = 70;
}

const hookCommand =
  command === "hook" &&
  (subcommand === "parse-status" ||
    subcommand === "statusline" ||
    subcommand === "session-context") &&
  !helpWanted;
const cliCommand = command === "cli";
let bundle = path.join(dist, hookCommand ? "hook.cjs" : cliCommand ? "cli-run.cjs" : "cli.cjs");
// A bundle that cannot be read (another user's build, a broken install) is reported in one
// line, never as a stack trace (CCW_DEBUG=1 shows it).
function cannotLoad(error) {
  const code = typeof error?.code === "string" ? `${error.code}: ` : "";
  const message = String(error?.message || error).split("\n")[0];
  process.stderr.write(`ccw: error: cannot load ${bundle}: ${code}${message}\n`);
  process.stderr.write(
    "Check that ccw/dist is readable by this user, or rebuild it with `npm run build`.\n",
  );
  process.exitCode = code === "" ? 70 : 74;
}

function load() {
  try {
    return debug ? require(bundle) : require("./bundle.js").loadBundle(bundle);
  } catch (error) {
    const missing =
      error.code === "ENOENT"
        ? error.path === bundle
        : error.code === "MODULE_NOT_FOUND" && String(error.message).includes(bundle);
    if (missing) notBuilt();
    else if (debug) throw error;
    else cannotLoad(error);
    return undefined;
  }
}

let loaded = load();
if (loaded && hookCommand) loaded.runHook(subcommand, rest);
else if (loaded && cliCommand && loaded.runCliFast(process.argv.slice(3)) === false) {
  bundle = path.join(dist, "cli.cjs");
  loaded = load();
  if (loaded) loaded.run();
} else if (loaded && !cliCommand) loaded.run();
