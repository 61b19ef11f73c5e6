/**
 * The `ccw cli` fast path: ccw/bin/ccw.js sends `ccw cli …` here (bundled alone as
 * ccw/dist/cli-run.cjs) so that Codex starts a few milliseconds after ccw does, instead of after
 * the whole CLI (commander and every command) has loaded. It takes only argv it understands
 * completely, with node:util's parseArgs in strict mode. Anything else (help, an unknown option,
 * an empty value, `--`, a --mode outside its choices) is left to the full CLI, which runs the
 * same `runPrompt` with commander's messages; a test keeps both option tables equal.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { processContext } from "../context.js";
import { MODES, type PromptRunFlags, SUPPORTED_TOOLS } from "../prompt-run/prompt-request.js";
import { runPrompt } from "../prompt-run/run-prompt.js";
import { quietOnBrokenOutput, reportFailure } from "./report-failure.js";

/** The options of `ccw cli` (commands/cli.ts), as parseArgs reads them. */
export const CLI_FAST_OPTIONS = {
  prompt: { type: "string", short: "p" },
  file: { type: "string", short: "f" },
  tool: { type: "string" },
  mode: { type: "string" },
  cd: { type: "string" },
  model: { type: "string" },
  "add-dir": { type: "string", multiple: true },
  image: { type: "string", multiple: true },
  config: { type: "string", multiple: true },
  resume: { type: "string" },
  last: { type: "boolean" },
  timeout: { type: "string" },
  "stall-limit": { type: "string" },
  output: { type: "string" },
  json: { type: "boolean" },
  "codex-bin": { type: "string" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/** The flags of `args` (what follows `ccw cli`), or undefined when the full CLI must parse them. */
export function fastPromptFlags(args: readonly string[]): PromptRunFlags | undefined {
  if (args.includes("--") || args.includes("--no-color")) return undefined;
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(args).values;
  } catch {
    return undefined;
  }
  const given = Object.values(values).flat();
  if (given.includes("")) return undefined;
  const tool = values.tool ?? "codex";
  const mode = values.mode ?? "analysis";
  if (!(SUPPORTED_TOOLS as readonly string[]).includes(tool) || !Object.hasOwn(MODES, mode)) {
    return undefined;
  }
  const optional = {
    prompt: values.prompt,
    file: values.file,
    cd: values.cd,
    model: values.model,
    addDir: values["add-dir"],
    image: values.image,
    config: values.config,
    resume: values.resume,
    last: values.last,
    timeout: values.timeout,
    stallLimit: values["stall-limit"],
    output: values.output,
    json: values.json,
    codexBin: values["codex-bin"],
  };
  const flags: PromptRunFlags = { tool, mode: mode as keyof typeof MODES };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(flags, { [key]: value });
  }
  return flags;
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    options: CLI_FAST_OPTIONS,
    strict: true,
    allowPositionals: false,
  });
}

/**
 * Entry called by ccw/bin/ccw.js with what follows `ccw cli`: runs the prompt and sets the exit
 * code, or returns false, having done nothing, when the full CLI must take the command.
 */
export function runCliFast(args: readonly string[]): Promise<void> | false {
  const flags = fastPromptFlags(args);
  if (flags === undefined) return false;
  quietOnBrokenOutput();
  const ctx = processContext();
  return runPrompt(flags, ctx).then(
    () => {
      process.exitCode = 0;
    },
    (error: unknown) => {
      process.exitCode = reportFailure(error, ctx);
    },
  );
}
