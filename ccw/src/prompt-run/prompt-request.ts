/**
 * What `ccw cli` runs: the typed Codex request for its flags (every path checked before anything
 * runs), the timeout, and the prompt's bytes.
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { CliContext } from "../context.js";
import { describeFsError, UsageError } from "../errors.js";
import { DURATION_HINT, parseDuration } from "../lib/text/duration.js";
import type { CodexExecRequest } from "../tools/codex/codex-argv.js";
import { timeoutProblem } from "../tools/codex/run-limits.js";

/** The tools `ccw cli --tool` runs. */
export const SUPPORTED_TOOLS = ["codex"] as const;

/** `--mode` → Codex's sandbox policy. */
export const MODES = {
  analysis: "read-only",
  write: "workspace-write",
} as const satisfies Record<string, CodexExecRequest["sandbox"]>;

/** The flags of `ccw cli`, as commander parsed them. */
export interface PromptRunFlags {
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

/** The typed request for the flags; every flag is checked before anything runs. */
export async function requestOf(flags: PromptRunFlags, ctx: CliContext): Promise<CodexExecRequest> {
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
export function parseTimeout(text: string, option = "--timeout"): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) {
    throw new UsageError(`${option} ${JSON.stringify(text)} is not a duration`, {
      hint: `Give ${DURATION_HINT}.`,
    });
  }
  const problem = timeoutProblem(parsed.ms);
  if (problem !== undefined) {
    throw new UsageError(`${option} ${JSON.stringify(text)}: ${problem}`, {
      hint: "Give a shorter duration, such as 2h or 7d, or leave the option out.",
    });
  }
  return parsed.ms;
}

/** The prompt bytes: -p, else -f (a file or `-`), else stdin when it is not a terminal. */
export async function readPrompt(
  flags: PromptRunFlags,
  ctx: CliContext,
): Promise<string | Uint8Array> {
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
