import path from "node:path";
import type { Command } from "commander";
import type { CommandRuntime } from "../command-runtime.js";
import type { RecordedMessagesRequest } from "../dev/messages-server/server.js";
import { envAssignments, serveStandIn, standInPort } from "./stand-in-server.js";

interface MessagesServerFlags {
  script: string;
  claudeHome?: string;
  trust: string[];
  port?: string;
}

/** `ccw dev messages-server`: the Anthropic Messages API stand-in, to run Claude Code offline. */
export function registerMessagesServer(dev: Command, runtime: CommandRuntime): void {
  dev
    .command("messages-server")
    .description(
      "serve a scripted stand-in for the Anthropic Messages API on 127.0.0.1 (for the real Claude Code, offline) and print its port; Ctrl-C stops it",
    )
    .requiredOption("--script <file>", "the script (JSON or YAML) of the model's turns")
    .option(
      "--claude-home <dir>",
      "also write a scratch HOME for Claude Code there (onboarding done, the key approved)",
    )
    .option(
      "--trust <dir>",
      "a workspace whose trust dialog counts as accepted (repeatable; default: the current folder)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option("--port <n>", "listen on this port instead of a free one")
    .addHelpText(
      "after",
      `
stdout gets the port alone on one line; the rest goes to stderr (one line per request).
Script format: docs/claude-code.md, section 9.`,
    )
    .action(async (flags: MessagesServerFlags) => serve(flags, runtime));
}

async function serve(flags: MessagesServerFlags, runtime: CommandRuntime): Promise<void> {
  const { ctx } = runtime;
  const port = standInPort(flags.port);
  const [{ loadMessagesScript }, { startMessagesServer }, { writeClaudeHome }] = await Promise.all([
    import("../dev/messages-server/script.js"),
    import("../dev/messages-server/server.js"),
    import("../dev/messages-server/claude-home.js"),
  ]);
  const script = await loadMessagesScript(path.resolve(ctx.cwd, flags.script));
  await serveStandIn(ctx, {
    name: "messages server",
    port,
    start: (port, log) =>
      startMessagesServer(script, { port, onRequest: (request) => log(describeRequest(request)) }),
    summary: `${script.turns.length} turns`,
    ready: async (server) => {
      if (flags.claudeHome === undefined) return;
      const trusted = flags.trust.length > 0 ? flags.trust : ["."];
      const home = await writeClaudeHome({
        home: path.resolve(ctx.cwd, flags.claudeHome),
        baseUrl: server.baseUrl,
        trusted: trusted.map((dir) => path.resolve(ctx.cwd, dir)),
      });
      ctx.stderr.write("run Claude Code with:\n");
      ctx.stderr.write(`  ${envAssignments(home.env)} claude\n`);
    },
  });
}

function describeRequest(request: RecordedMessagesRequest): string {
  const turn = request.turn === undefined ? "" : ` turns[${request.turn}]`;
  const results =
    request.toolResults.length > 0 ? ` (${request.toolResults.length} tool results)` : "";
  return `#${request.index} ${request.method} ${request.path}${results} → ${request.answer}${turn}`;
}
