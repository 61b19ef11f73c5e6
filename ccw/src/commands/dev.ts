import path from "node:path";
import type { CommandRuntime, RegisterCommand } from "../command-runtime.js";
import type { RecordedRequest } from "../dev/model-server/server.js";
import { describeFsError, UsageError } from "../errors.js";
import { parsePort } from "../lib/text/port-number.js";
import { shellQuote } from "../lib/text/shell-quote.js";
import { registerMessagesServer } from "./dev-messages-server.js";

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
  const port = flags.port === undefined ? 0 : parsePort(flags.port);
  const [{ loadModelServerScript }, { startModelServer }, { writeCodexHome }] = await Promise.all([
    import("../dev/model-server/script.js"),
    import("../dev/model-server/server.js"),
    import("../dev/model-server/codex-home.js"),
  ]);
  const script = await loadModelServerScript(path.resolve(ctx.cwd, flags.script));
  const stopped = ctx.interruptSignal();
  const server = await startModelServer(script, {
    port,
    onRequest: (request) => ctx.stderr.write(`${describeRequest(request)}\n`),
  }).catch((error: unknown) => {
    throw new UsageError(`cannot listen on 127.0.0.1:${port}: ${describeFsError(error)}`, {
      hint: "Pick another --port, or leave it out to get a free one.",
    });
  });
  try {
    ctx.stderr.write(`model server: ${server.baseUrl} (${script.rules.length} rules)\n`);
    if (flags.codexHome !== undefined) {
      const home = await writeCodexHome({
        codexHome: path.resolve(ctx.cwd, flags.codexHome),
        baseUrl: server.baseUrl,
      });
      ctx.stderr.write(`wrote ${home.configPath}; run Codex with:\n`);
      ctx.stderr.write(
        `  ${Object.entries(home.env)
          .map(([key, value]) => `${key}=${shellQuote(value)}`)
          .join(" ")} codex exec --skip-git-repo-check -\n`,
      );
    }
    // The port goes out last: a script that waits for it finds CODEX_HOME already written.
    ctx.stdout.write(`${server.port}\n`);
    ctx.stderr.write("Ctrl-C stops it.\n");
    await new Promise<void>((resolve) => {
      if (stopped.aborted) resolve();
      stopped.addEventListener("abort", () => resolve(), { once: true });
    });
    ctx.stderr.write(`model server: stopped after ${server.requests.length} requests\n`);
  } finally {
    await server.close();
  }
}

function describeRequest(request: RecordedRequest): string {
  const prompt = request.prompt.replace(/\s+/g, " ").trim();
  const shown = prompt.length > 60 ? `${prompt.slice(0, 57)}...` : prompt;
  const turn = request.followUp ? ` (follow-up, ${request.toolOutputs.length} tool outputs)` : "";
  return `#${request.index} ${request.method} ${request.path} ${JSON.stringify(shown)}${turn} → ${request.rule}: ${request.reply}`;
}
