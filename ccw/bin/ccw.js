#!/usr/bin/env node
// The ccw executable. Hook commands run on every tool call of a Claude Code session, so they
// take a separate, minimal bundle; everything else loads the full CLI.
import { existsSync } from "node:fs";

const dist = new URL("../dist/", import.meta.url);
const [command, subcommand, ...rest] = process.argv.slice(2);
const helpWanted = rest.some((arg) => arg === "-h" || arg === "--help");

if (!existsSync(new URL("cli.js", dist))) {
  process.stderr.write("ccw: error: ccw is not built yet. Run `npm run build` in its folder.\n");
  process.exitCode = 70;
} else if (
  command === "hook" &&
  (subcommand === "parse-status" || subcommand === "statusline") &&
  !helpWanted &&
  existsSync(new URL("hook.js", dist))
) {
  const { runHook } = await import(new URL("hook.js", dist).href);
  await runHook(subcommand, rest);
} else {
  const { run } = await import(new URL("cli.js", dist).href);
  await run();
}
