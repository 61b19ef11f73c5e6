// Writes the code caches of freshly built bundles (`<bundle>.cache`, see ccw/bin/bundle.js).
// It compiles each bundle exactly as ccw/bin/ccw.js does, runs typical commands with it in a
// scratch project, then saves the bytecode V8 compiled meanwhile:
// - cli.cjs: help, planning two chains, listing and showing sessions, listing prompts;
// - hook.cjs: `hook parse-status` and `hook session-context` on the session just planned, and
//   `hook statusline`;
// - cli-run.cjs: `ccw cli` with a stand-in Codex (a script that answers at once).
// A command that fails here fails the build: the bundle it just made does not work.
//
// Usage: node scripts/warm-code-cache.mjs <dist folder>
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { cacheFileOf, compileBundle, runBundle } = createRequire(import.meta.url)(
  path.join(root, "ccw/bin/bundle.js"),
);

const CLI_COMMANDS = [
  ["--help"],
  ["coordinator", "codex", "Add rate limiting to the login API", "--plan-only"],
  ["coordinator", "codex", "Find and fix the issues in the payments service", "--plan-only"],
  ["coordinator", "list"],
  ["coordinator", "status", "--last"],
  ["codex", "prompts", "list"],
];

const STAND_IN_CODEX = `process.stdin.resume();
process.stdin.on("end", () => {
  const out = (event) => process.stdout.write(JSON.stringify(event) + "\\n");
  out({ type: "thread.started", thread_id: "0199a213-81c0-7800-8aa1-bbab2a035a53" });
  out({ type: "turn.started" });
  out({ type: "item.completed", item: { id: "item_0", type: "agent_message", text: "pong" } });
  out({ type: "turn.completed", usage: { input_tokens: 1, cached_input_tokens: 0, output_tokens: 1 } });
});
`;

const dist = process.argv[2];
if (!dist) {
  process.stderr.write("usage: node scripts/warm-code-cache.mjs <dist folder>\n");
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

  await warm(path.join(dist, "cli.cjs"), async (cli) => {
    for (const args of CLI_COMMANDS) {
      process.argv = [process.execPath, "ccw", ...args];
      process.exitCode = 0;
      const output = await quietly(() => cli.run());
      if (process.exitCode !== 0) fail(args, process.exitCode, output);
    }
  });

  await warm(path.join(dist, "hook.cjs"), async (hook) => {
    const sessions = path.join(project, ".workflow", ".codex-coordinator");
    // The folder also holds the .gitignore that the first session writes.
    const [session] = readdirSync(sessions).filter((name) => !name.startsWith("."));
    const status = path.join(sessions, session, "status.json");
    const runs = [
      ["parse-status", ["--path", status], undefined],
      ["parse-status", ["--path", status, "--json"], undefined],
      ["statusline", [], JSON.stringify({ cwd: project, workspace: { current_dir: project } })],
      [
        "session-context",
        [],
        JSON.stringify({ cwd: project, session_id: "warm-up", source: "startup" }),
      ],
    ];
    for (const [subcommand, args, stdin] of runs) {
      let output = "";
      const sink = { write: (text) => (output += text) };
      const code = await hook.runHookWith(subcommand, args, {
        ...hook.nodeHookProcess(),
        readStdin: async () => stdin,
        stdout: sink,
        stderr: sink,
      });
      if (code !== 0) fail(["hook", subcommand, ...args], code, output);
      if (subcommand !== "statusline" && !output.includes(session)) {
        fail(["hook", subcommand, ...args], code, `${output}(the session ${session} is missing)`);
      }
    }
  });

  // A Codex that prints one turn's events (the `codex exec --json` format) and exits.
  const codex = path.join(scratch, "codex.mjs");
  writeFileSync(codex, `#!${process.execPath}\n${STAND_IN_CODEX}`);
  chmodSync(codex, 0o755);
  await warm(path.join(dist, "cli-run.cjs"), async (cliRun) => {
    const args = ["-p", "Reply with the word pong.", "--codex-bin", codex];
    process.exitCode = 0;
    let handled;
    const output = await quietly(async () => {
      handled = cliRun.runCliFast(args);
      await handled;
    });
    if (handled === false || process.exitCode !== 0 || !output.includes("pong")) {
      fail(["cli", ...args], process.exitCode, output);
    }
  });
} catch (error) {
  process.stderr.write(`warm-code-cache: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** Compiles `bundle` without a cache, runs `use` on its exports, then saves the cache. */
async function warm(bundle, use) {
  const script = compileBundle(bundle, undefined);
  await use(runBundle(script, bundle));
  writeFileSync(cacheFileOf(bundle), script.createCachedData());
}

function fail(args, code, output) {
  throw new Error(`\`ccw ${args.join(" ")}\` exited with ${code} on the new bundle:\n${output}`);
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
