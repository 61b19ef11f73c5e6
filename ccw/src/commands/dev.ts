import path from "node:path";
import type { CommandRuntime, RegisterCommand } from "../command-runtime.js";
import type { RecordedRequest } from "../dev/model-server/server.js";
import { registerMessagesServer } from "./dev-messages-server.js";
import { envAssignments, serveStandIn, standInPort } from "./stand-in-server.js";

interface ModelServerFlags {
  script: string;
  codexHome?: string;
  port?: string;
}

/** `ccw dev`: tools for developing and demonstrating ccw offline. */
export const registerDevCommand: RegisterCommand = (program, runtime) => {
  const dev = program
    .command("dev")
    .description(
      "tools for working on ccw offline (scripted local stand-ins for the OpenAI and Anthropic APIs)",
    );

  dev
    .command("model-server")
    .description(
      "serve a scripted stand-in for the OpenAI Responses API on 127.0.0.1 and print its port; Ctrl-C stops it",
    )
    .requiredOption("--script <file>", "the script (JSON or YAML) that says how to answer")
    .option(
      "--codex-home <dir>",
      "also write <dir>/config.toml pointing Codex at the server (use it as CODEX_HOME)",
    )
    .option("--port <n>", "listen on this port instead of a free one")
    .addHelpText(
      "after",
      `
stdout gets the port alone on one line; the rest goes to stderr.
Script format and examples: docs/codex-execution.md ("Model server scripts").`,
    )
    .action(async (flags: ModelServerFlags) => {
      await serve(flags, runtime);
    });

  registerMessagesServer(dev, runtime);
};

async function serve(flags: ModelServerFlags, runtime: CommandRuntime): Promise<void> {
  const { ctx } = runtime;
  const port = standInPort(flags.port);
  const [{ loadModelServerScript }, { startModelServer }, { writeCodexHome }] = await Promise.all([
    import("../dev/model-server/script.js"),
    import("../dev/model-server/server.js"),
    import("../dev/model-server/codex-home.js"),
  ]);
  const script = await loadModelServerScript(path.resolve(ctx.cwd, flags.script));
  await serveStandIn(ctx, {
    name: "model server",
    port,
    start: (port, log) =>
      startModelServer(script, { port, onRequest: (request) => log(describeRequest(request)) }),
    summary: `${script.rules.length} rules`,
    ready: async (server) => {
      if (flags.codexHome === undefined) return;
      const home = await writeCodexHome({
        codexHome: path.resolve(ctx.cwd, flags.codexHome),
        baseUrl: server.baseUrl,
      });
      ctx.stderr.write(`wrote ${home.configPath}; run Codex with:\n`);
      ctx.stderr.write(`  ${envAssignments(home.env)} codex exec --skip-git-repo-check -\n`);
    },
  });
}

function describeRequest(request: RecordedRequest): string {
  const prompt = request.prompt.replace(/\s+/g, " ").trim();
  const shown = prompt.length > 60 ? `${prompt.slice(0, 57)}...` : prompt;
  const turn = request.followUp ? ` (follow-up, ${request.toolOutputs.length} tool outputs)` : "";
  return `#${request.index} ${request.method} ${request.path} ${JSON.stringify(shown)}${turn} → ${request.rule}: ${request.reply}`;
}
