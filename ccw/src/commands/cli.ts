import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Option } from "commander";
import type { CliContext } from "../context.js";
import {
  CodexNotFoundError,
  describeFsError,
  ExitCode,
  OperationFailedError,
  UsageError,
} from "../errors.js";
import { shellQuote } from "../lib/text/shell-quote.js";
import type { CodexExecRequest } from "../tools/codex/codex-argv.js";
import type { CodexEvent } from "../tools/codex/codex-events.js";
import type { CodexRunOutcome } from "../tools/codex/codex-runner.js";
import { DEFAULT_STALL_MS, timeoutProblem } from "../tools/codex/run-limits.js";
import type { CommandRuntime, RegisterCommand } from "./runtime.js";

/** The tools `ccw cli --tool` runs. */
const SUPPORTED_TOOLS = ["codex"] as const;

/** `--mode` → Codex's sandbox policy. */
const MODES = {
  analysis: "read-only",
  write: "workspace-write",
} as const satisfies Record<string, CodexExecRequest["sandbox"]>;

interface CliFlags {
  prompt?: string;
  file?: string;
  tool: string;
  mode: keyof typeof MODES;
  cd?: string;
  model?: string;
  addDir?: string[];
  image?: string[];
  config?: string[];
  resume?: string;
  last?: boolean;
  timeout?: string;
  stallLimit?: string;
  output?: string;
  json?: boolean;
  codexBin?: string;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** `ccw cli`: one prompt through `codex exec`, the same execution the coordinator uses. */
export const registerCliCommand: RegisterCommand = (program, runtime) => {
  program
    .command("cli")
    .description(
      "run one prompt through Codex (`codex exec`): progress on stderr, the answer on stdout",
    )
    .option("-p, --prompt <text>", "the prompt, sent to Codex byte for byte")
    .option("-f, --file <path>", "read the prompt from a file (`-` for stdin)")
    .option("--tool <name>", `the tool to run (supported: ${SUPPORTED_TOOLS.join(", ")})`, "codex")
    .addOption(
      new Option(
        "--mode <mode>",
        "analysis: Codex may read but not write (codex -s read-only); write: Codex may change files in the workspace (codex -s workspace-write)",
      )
        .choices(Object.keys(MODES))
        .default("analysis"),
    )
    .option("--cd <dir>", "the folder Codex works in (codex -C)")
    .option("--model <model>", "the model Codex uses (codex -m)")
    .option("--add-dir <dir>", "another writable folder (repeatable; codex --add-dir)", collect)
    .option("--image <file>", "attach an image to the prompt (repeatable; codex -i)", collect)
    .option(
      "--config <key=value>",
      "a Codex config override, value in TOML (repeatable; codex -c)",
      collect,
    )
    .option("--resume <thread-id>", "continue a recorded Codex thread with this prompt")
    .option("--last", "continue the most recent Codex thread with this prompt")
    .option("--timeout <duration>", "stop Codex after this long, e.g. 90s, 30m, 2h (exit 124)")
    .option(
      "--stall-limit <duration>",
      "stop Codex after this long without progress, e.g. no network (default 5m; exit 124)",
    )
    .option("--output <file>", "also write Codex's final message to this file (codex -o)")
    .option("--json", "print Codex's event stream (JSONL) on stdout instead of the final message")
    .option("--codex-bin <path>", "the Codex executable (else CCW_CODEX_BIN, node_modules, PATH)")
    .addHelpText(
      "after",
      `
The prompt comes from -p, else -f, else stdin (when it is not a terminal).
Exit codes: 0 completed, 1 Codex failed, 2 usage error, 124 timed out,
127 Codex not found, 130 interrupted. See docs/codex-execution.md.`,
    )
    .action(async (flags: CliFlags) => {
      await runCli(flags, runtime);
    });
};

async function runCli(flags: CliFlags, runtime: CommandRuntime): Promise<void> {
  const { ctx } = runtime;
  const request = await requestOf(flags, ctx);
  const timeoutMs =
    flags.timeout === undefined ? undefined : await parseTimeout(flags.timeout, "--timeout");
  const stallMs =
    flags.stallLimit === undefined
      ? DEFAULT_STALL_MS
      : await parseTimeout(flags.stallLimit, "--stall-limit");
  const prompt = await readPrompt(flags, ctx);

  const [{ resolveCodexBinary, defaultProbeCacheFile }, { runCodex }, { formatDuration }] =
    await Promise.all([
      import("../tools/codex/codex-binary.js"),
      import("../tools/codex/codex-runner.js"),
      import("../tools/codex/codex-run-state.js"),
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
  const outcome = await runCodex({
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

/** The typed request for the flags; every flag is checked before anything runs. */
async function requestOf(flags: CliFlags, ctx: CliContext): Promise<CodexExecRequest> {
  if (!(SUPPORTED_TOOLS as readonly string[]).includes(flags.tool)) {
    throw new UsageError(
      `--tool ${flags.tool} is not supported; supported tools: ${SUPPORTED_TOOLS.join(", ")}`,
      { hint: "Use --tool codex (the default)." },
    );
  }
  if (flags.resume !== undefined && flags.last === true) {
    throw new UsageError("--resume and --last cannot be used together", {
      hint: "Pass --resume <thread-id> to continue one thread, or --last for the most recent.",
    });
  }
  const resolve = (file: string) => path.resolve(ctx.cwd, file);
  const cd = flags.cd === undefined ? undefined : resolve(flags.cd);
  if (cd !== undefined) await expectKind(cd, "folder", "--cd");
  const addDirs = (flags.addDir ?? []).map(resolve);
  const images = (flags.image ?? []).map(resolve);
  for (const dir of addDirs) await expectKind(dir, "folder", "--add-dir");
  for (const image of images) await expectKind(image, "file", "--image");
  const output = flags.output === undefined ? undefined : resolve(flags.output);
  if (output !== undefined) {
    await expectKind(path.dirname(output), "folder", "--output's folder");
    // Codex writes the file only once the turn is over: a folder there would waste the run.
    if ((await stat(output).catch(() => undefined))?.isDirectory()) {
      throw new UsageError(`--output ${output} is a folder`, {
        hint: "Give the path of the file to write the final message to.",
      });
    }
  }
  return {
    sandbox: MODES[flags.mode],
    ...(cd === undefined ? {} : { cd }),
    ...(flags.model === undefined ? {} : { model: flags.model }),
    ...(addDirs.length === 0 ? {} : { addDirs }),
    ...(images.length === 0 ? {} : { images }),
    ...(flags.config === undefined ? {} : { config: flags.config }),
    ...(output === undefined ? {} : { outputLastMessage: output }),
    ...(flags.resume === undefined ? {} : { resume: { threadId: flags.resume } }),
    ...(flags.last === true ? { resume: { last: true as const } } : {}),
  };
}

async function expectKind(file: string, kind: "file" | "folder", option: string): Promise<void> {
  let isKind: boolean;
  try {
    const info = await stat(file);
    isKind = kind === "file" ? info.isFile() : info.isDirectory();
  } catch (error) {
    throw new UsageError(`${option} ${file}: ${describeFsError(error)}`, {
      hint: `Pass an existing ${kind}.`,
    });
  }
  if (!isKind) throw new UsageError(`${option} ${file} is not a ${kind}`);
}

/** A duration option by the one rule of lib/text/duration.ts (a bare number is seconds). */
async function parseTimeout(text: string, option: string): Promise<number> {
  const { parseDuration, DURATION_HINT } = await import("../lib/text/duration.js");
  const parsed = parseDuration(text);
  if (!parsed.ok) {
    throw new UsageError(`${option} ${JSON.stringify(text)} is not a duration`, {
      hint: `Give ${DURATION_HINT}.`,
    });
  }
  const value = parsed.ms;
  const problem = timeoutProblem(value);
  if (problem !== undefined) {
    throw new UsageError(`${option} ${JSON.stringify(text)}: ${problem}`, {
      hint: "Give a shorter duration, such as 2h or 7d, or leave --timeout out for no limit.",
    });
  }
  return value;
}

/** The prompt bytes: -p, else -f (a file or `-`), else stdin when it is not a terminal. */
async function readPrompt(flags: CliFlags, ctx: CliContext): Promise<string | Uint8Array> {
  if (flags.prompt !== undefined && flags.file !== undefined) {
    throw new UsageError("-p/--prompt and -f/--file cannot be used together", {
      hint: "Give the prompt one way: -p <text>, -f <file>, or on stdin.",
    });
  }
  let prompt: string | Uint8Array;
  let source: string;
  if (flags.prompt !== undefined) {
    prompt = flags.prompt;
    source = "-p";
  } else if (flags.file !== undefined && flags.file !== "-") {
    const file = path.resolve(ctx.cwd, flags.file);
    try {
      prompt = await readFile(file);
    } catch (error) {
      throw new UsageError(`cannot read the prompt file ${file}: ${describeFsError(error)}`, {
        hint: "Check the path given to -f/--file.",
      });
    }
    source = file;
  } else if (flags.file === "-" || ctx.stdin.isTTY !== true) {
    prompt = await readAll(ctx.stdin);
    source = "stdin";
  } else {
    throw new UsageError("no prompt: pass -p <text>, -f <file>, or pipe the prompt on stdin", {
      hint: 'Example: ccw cli -p "Summarize src/auth" --tool codex',
    });
  }
  const text = typeof prompt === "string" ? prompt : Buffer.from(prompt).toString("utf8");
  if (text.trim() === "") {
    throw new UsageError(`the prompt (${source}) is empty`, {
      hint: "Codex needs something to do: give a non-empty prompt.",
    });
  }
  return prompt;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
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
