// Writes the code cache of a freshly built CLI bundle (`<bundle>.cache`, see ccw/bin/bundle.js).
// It compiles the bundle exactly as ccw/bin/ccw.js does, runs a few typical commands in a
// scratch project (help, planning a chain, listing and showing sessions, listing prompts), then
// saves the bytecode V8 compiled meanwhile. A command that fails here fails the build: the
// bundle it just made does not work.
//
// Usage: node scripts/warm-code-cache.mjs <bundle.cjs>
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { cacheFileOf, compileBundle, runBundle } = createRequire(import.meta.url)(
  path.join(root, "ccw/bin/bundle.js"),
);

const COMMANDS = [
  ["--help"],
  ["coordinator", "codex", "Add rate limiting to the login API", "--plan-only"],
  ["coordinator", "codex", "Find and fix the issues in the payments service", "--plan-only"],
  ["coordinator", "list"],
  ["coordinator", "status", "--last"],
  ["codex", "prompts", "list"],
];

const bundle = process.argv[2];
if (!bundle) {
  process.stderr.write("usage: node scripts/warm-code-cache.mjs <bundle.cjs>\n");
  process.exit(2);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), "ccw-warm-"));
try {
  const project = path.join(scratch, "project");
  mkdirSync(project);
  cpSync(path.join(root, ".codex", "prompts"), path.join(scratch, "codex-home", "prompts"), {
    recursive: true,
  });
  process.chdir(project);
  Object.assign(process.env, {
    CODEX_HOME: path.join(scratch, "codex-home"),
    XDG_CACHE_HOME: path.join(scratch, "cache"),
    NO_COLOR: "1",
  });

  const script = compileBundle(bundle, undefined);
  const cli = runBundle(script, bundle);
  for (const args of COMMANDS) {
    process.argv = [process.execPath, "ccw", ...args];
    process.exitCode = 0;
    const output = await quietly(() => cli.run());
    if (process.exitCode !== 0) {
      throw new Error(
        `\`ccw ${args.join(" ")}\` exited with ${process.exitCode} on the new bundle:\n${output}`,
      );
    }
  }
  writeFileSync(cacheFileOf(bundle), script.createCachedData());
} catch (error) {
  process.stderr.write(`warm-code-cache: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** Runs `action` with stdout and stderr captured; returns what it wrote. */
async function quietly(action) {
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  let output = "";
  for (const stream of streams) {
    stream.write = (chunk) => {
      output += String(chunk);
      return true;
    };
  }
  try {
    await action();
  } finally {
    streams.forEach((stream, i) => {
      stream.write = writes[i];
    });
  }
  return output;
}
