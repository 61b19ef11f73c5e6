#!/usr/bin/env node
// The ccw executable. It is CommonJS (see ./package.json): Node starts a CommonJS script without
// its ES module loader, which matters for the hook commands. They run on every tool call of a
// Claude Code session, so they take a separate, minimal CommonJS bundle; everything else loads
// the full CLI (an ES module bundle whose commands load lazily).
"use strict";
const path = require("node:path");

const dist = path.join(__dirname, "..", "dist");
const [command, subcommand, ...rest] = process.argv.slice(2);
const helpWanted = rest.some((arg) => arg === "-h" || arg === "--help");

function notBuilt() {
  process.stderr.write("ccw: error: ccw is not built yet. Run `npm run build` in its folder.\n");
  process.exitCode = 70;
}

if (
  command === "hook" &&
  (subcommand === "parse-status" || subcommand === "statusline") &&
  !helpWanted
) {
  let hook;
  try {
    hook = require(path.join(dist, "hook.cjs"));
  } catch (error) {
    if (error.code !== "MODULE_NOT_FOUND") throw error;
    notBuilt();
  }
  if (hook) hook.runHook(subcommand, rest);
} else {
  const cli = require("node:url").pathToFileURL(path.join(dist, "cli.mjs")).href;
  import(cli).then(
    ({ run }) => run(),
    (error) => {
      if (error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes(cli.slice(7)))
        notBuilt();
      else throw error;
    },
  );
}
