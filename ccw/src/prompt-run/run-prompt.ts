/**
 * `ccw cli`: one prompt through `codex exec`, the same execution the coordinator uses, with
 * progress on stderr and the answer (or the JSONL events) on stdout.
 */
import type { CliContext } from "../context.js";
import { CodexNotFoundError, ExitCode, OperationFailedError } from "../errors.js";
import { shellQuote } from "../lib/text/shell-quote.js";
import type { CodexEvent } from "../tools/codex/codex-events.js";
import type { CodexRunOutcome } from "../tools/codex/codex-runner.js";
import { DEFAULT_STALL_MS } from "../tools/codex/run-limits.js";
import { type PromptRunFlags, parseTimeout, readPrompt, requestOf } from "./prompt-request.js";

/** Runs the prompt of `flags` and prints how it went; a run that did not complete throws. */
export async function runPrompt(flags: PromptRunFlags, ctx: CliContext): Promise<void> {
  const request = await requestOf(flags, ctx);
  const timeoutMs = flags.timeout === undefined ? undefined : parseTimeout(flags.timeout);
  const stallMs =
    flags.stallLimit === undefined
      ? DEFAULT_STALL_MS
      : parseTimeout(flags.stallLimit, "--stall-limit");
  const prompt = await readPrompt(flags, ctx);

  const [
    { resolveCodexBinary, defaultProbeCacheFile },
    { runCodex },
    { formatDuration },
    { closeCodexGuard },
  ] = await Promise.all([
    import("../tools/codex/codex-binary.js"),
    import("../tools/codex/codex-runner.js"),
    import("../tools/codex/codex-run-state.js"),
    import("../tools/codex/codex-guard.js"),
  ]);
  const bin = resolveCodexBinary({
    ...(flags.codexBin === undefined ? {} : { explicit: flags.codexBin }),
    env: ctx.env,
    workspace: ctx.cwd,
  });

  // A reader that goes away (`ccw cli --json | head -1`) stops ccw's output, not Codex: the
  // run goes on to its end, so no edit is cut in half, and the exit code still tells how it went.
  const out = quietOnClose(ctx.stdout);
  const err = quietOnClose(ctx.stderr);
  const say = (text: string) => {
    if (!flags.json) err.write(`${ctx.style.dim(`codex: ${text}`)}\n`);
  };
  let outcome: Awaited<ReturnType<typeof runCodex>>;
  try {
    outcome = await runCodex({
      bin: bin.path,
      request,
      prompt,
      cwd: ctx.cwd,
      env: ctx.env,
      probeCacheFile: defaultProbeCacheFile(ctx.env, ctx.homedir),
      signal: ctx.interruptSignal(),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      stallMs,
      onLine: flags.json ? (line) => out.write(`${line}\n`) : undefined,
      onEvent: (event) => {
        const line = progressLine(event);
        if (line !== undefined) say(line);
      },
    });
  } finally {
    await closeCodexGuard();
  }
  if (outcome.status !== "completed") throw failureOf(outcome);
  const usage = outcome.usage;
  say(
    `done in ${formatDuration(outcome.durationMs)}${usage ? ` · ${usage.input_tokens} tokens in, ${usage.output_tokens} out` : ""}`,
  );
  if (!flags.json && outcome.lastMessage !== undefined) {
    const text = outcome.lastMessage;
    out.write(text.endsWith("\n") ? text : `${text}\n`);
  }
}

/**
 * Writes to `stream` until it fails (EPIPE: the reader left), then drops the rest quietly.
 * The error listener stays: an EPIPE arrives after the write that caused it.
 */
function quietOnClose(stream: NodeJS.WritableStream) {
  let open = true;
  stream.on("error", () => {
    open = false;
  });
  return {
    write(text: string) {
      if (open) stream.write(text);
    },
  };
}

/** One human progress line for an event, or nothing. */
function progressLine(event: CodexEvent): string | undefined {
  switch (event.type) {
    case "thread.started":
      return `thread ${event.thread_id}`;
    case "item.completed": {
      const item = event.item;
      switch (item.type) {
        case "command_execution":
          return `$ ${item.command}${item.exit_code === null || item.exit_code === undefined ? "" : ` (exit ${item.exit_code})`}`;
        case "file_change":
          return item.changes.map((change) => `${change.kind} ${change.path}`).join(", ");
        case "error":
          return `note: ${item.message}`;
        case "mcp_tool_call":
          return `tool ${item.server}/${item.tool} (${item.status})`;
        case "web_search":
          return `search: ${item.query}`;
        default:
          return undefined;
      }
    }
    case "error":
      return `error: ${event.message}`;
    default:
      return undefined;
  }
}

/** The error (and exit code) for a run that did not complete. */
function failureOf(outcome: Exclude<CodexRunOutcome, { status: "completed" }>) {
  const resumeHint =
    outcome.threadId === undefined
      ? undefined
      : `Continue the thread with: ccw cli --resume ${shellQuote(outcome.threadId)} -p "<prompt>"`;
  switch (outcome.status) {
    case "not_started":
      return new CodexNotFoundError(`cannot start Codex: ${outcome.error}`, {
        hint: "Check --codex-bin / CCW_CODEX_BIN, or install Codex: npm install -g @openai/codex",
      });
    case "timed_out":
      return new OperationFailedError(outcome.error, {
        exitCode: ExitCode.timedOut,
        ...(resumeHint === undefined ? {} : { hint: resumeHint }),
      });
    case "aborted":
      return new OperationFailedError(outcome.error, {
        exitCode: ExitCode.interrupted,
        ...(resumeHint === undefined ? {} : { hint: resumeHint }),
      });
    case "failed": {
      const problems =
        outcome.protocolProblems.length > 0
          ? ` (${outcome.protocolProblems.length} unreadable output line${outcome.protocolProblems.length === 1 ? "" : "s"})`
          : "";
      return new OperationFailedError(`Codex failed: ${outcome.error}${problems}`, {
        exitCode: ExitCode.failed,
        ...(resumeHint === undefined ? {} : { hint: resumeHint }),
      });
    }
  }
}
