import { Option } from "commander";
import type { RegisterCommand } from "../command-runtime.js";
import { MODES, type PromptRunFlags, SUPPORTED_TOOLS } from "../prompt-run/prompt-request.js";
import { runPrompt } from "../prompt-run/run-prompt.js";

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
    .action(async (flags: PromptRunFlags) => {
      await runPrompt(flags, runtime.ctx);
    });
};
