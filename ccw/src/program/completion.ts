/** `ccw completion bash|zsh|fish`: a completion script; the hidden `__complete-sessions` feeds it. */
import { Argument } from "commander";
import type { RegisterCommand } from "../command-runtime.js";
import {
  COMPLETION_SHELLS,
  type CompletionShell,
  completionScript,
  completionSpec,
} from "./completion-scripts.js";

export const registerCompletionCommand: RegisterCommand = (program, runtime) => {
  const { ctx } = runtime;
  program
    .command("completion")
    .description("print a shell completion script (docs/cli.md says how to install it)")
    .addArgument(new Argument("<shell>", "the shell").choices(COMPLETION_SHELLS))
    .action((shell: CompletionShell) => {
      ctx.stdout.write(completionScript(shell, completionSpec(program)));
    });
  // Called by the scripts for a session argument: the ids of the current folder's workspace.
  program
    .command("__complete-sessions", { hidden: true })
    .option("--cd <dir>", "the workspace")
    .action(async (options: { cd?: string }) => {
      const { coordinatorEnvironment } = await import("../coordinator/environment.js");
      const env = await coordinatorEnvironment(ctx, options.cd, () => {});
      const { sessions } = await env.store.list();
      for (const state of sessions) ctx.stdout.write(`${state.session_id}\n`);
    });
};
