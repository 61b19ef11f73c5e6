import { PassThrough, Readable } from "node:stream";
import { main } from "../../ccw/src/cli.js";
import type { CliContext } from "../../ccw/src/context.js";
import { createStyler } from "../../ccw/src/output.js";

/** A captured output stream. */
export interface Capture {
  readonly stream: PassThrough & { isTTY?: boolean };
  text(): string;
}

function capture(isTTY: boolean): Capture {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  stream.isTTY = isTTY;
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

/** Options for a test context; everything defaults to a quiet non-TTY world. */
export interface TestContextOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  homedir?: string;
  stdin?: string;
  tty?: boolean;
  interrupt?: AbortSignal;
  /** The built-in prompt pack's folder (none by default: tests see only their own prompts). */
  builtinPrompts?: string;
}

/** A CliContext whose streams are captured, for in-process command tests. */
export function testContext(options: TestContextOptions = {}) {
  const tty = options.tty ?? false;
  const stdout = capture(tty);
  const stderr = capture(tty);
  const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]) as Readable & {
    isTTY?: boolean;
  };
  stdin.isTTY = tty;
  const env = options.env ?? {};
  const ctx: CliContext = {
    cwd: options.cwd ?? process.cwd(),
    env,
    homedir: options.homedir ?? "/nonexistent-home",
    stdin,
    stdout: stdout.stream,
    stderr: stderr.stream,
    style: createStyler(stderr.stream, env),
    outStyle: createStyler(stdout.stream, env),
    interruptSignal: () => options.interrupt ?? new AbortController().signal,
    ...(options.builtinPrompts === undefined ? {} : { builtinPrompts: options.builtinPrompts }),
  };
  return { ctx, stdout, stderr };
}

/** Runs ccw in-process and returns its exit code and captured output. */
export async function runCli(argv: readonly string[], options: TestContextOptions = {}) {
  const { ctx, stdout, stderr } = testContext(options);
  const code = await main(argv, ctx);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
