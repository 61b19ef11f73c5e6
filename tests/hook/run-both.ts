import { PassThrough } from "node:stream";
import {
  type HookProcess,
  type HookSubcommand,
  nodeProcessProbe,
  runHookWith,
} from "../../ccw/src/hook/fast-entry.js";
import { nodeHookFs } from "../../ccw/src/hook/read-status.js";
import { runCli } from "../helpers/cli-context.js";

/** How a hook command ended: exit code and output. */
export interface HookRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of one hook run. */
export interface HookRunOptions {
  cwd: string;
  stdin?: string;
  tty?: boolean;
  env?: Record<string, string | undefined>;
  fs?: HookProcess["fs"];
  processes?: HookProcess["processes"];
}

/** Runs `ccw hook <subcommand> <args>` through the fast path (ccw/dist/hook.cjs's code). */
export async function runFast(
  subcommand: HookSubcommand,
  args: readonly string[],
  options: HookRunOptions,
): Promise<HookRun> {
  const out = collect();
  const err = collect();
  const code = await runHookWith(subcommand, args, {
    cwd: options.cwd,
    env: options.env ?? {},
    readStdin: async () => (options.tty ? undefined : (options.stdin ?? "")),
    stdout: out.stream,
    stderr: err.stream,
    fs: options.fs ?? nodeHookFs,
    processes: options.processes ?? nodeProcessProbe,
  });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Runs the same command through the full CLI (commander). */
export async function runFull(
  subcommand: HookSubcommand,
  args: readonly string[],
  options: HookRunOptions,
): Promise<HookRun> {
  return runCli(["hook", subcommand, ...args], {
    cwd: options.cwd,
    stdin: options.stdin,
    tty: options.tty,
    env: options.env,
  });
}

function collect() {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}
