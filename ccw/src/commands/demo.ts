import type { CommandRuntime, RegisterCommand } from "../command-runtime.js";

/** `ccw demo`: the coordinator end to end, offline, in a scratch project. */
export const registerDemoCommand: RegisterCommand = (program, runtime: CommandRuntime) => {
  program
    .command("demo")
    .description(
      "see the coordinator work end to end, offline: a scratch project, a scripted local model, the real Codex CLI",
    )
    .option(
      "--dir <folder>",
      "create the scratch project in this existing folder (default: the temp folder)",
    )
    .option(
      "--codex-bin <path>",
      "the Codex executable (default: CCW_CODEX_BIN, node_modules/.bin/codex, PATH)",
    )
    .option("--view", "watch it in the dashboard (ccw view), which stays open until Ctrl-C")
    .option("--no-open", "with --view: only print the dashboard's URL, do not open a browser")
    .action(async (options: { dir?: string; codexBin?: string; view?: boolean; open: boolean }) => {
      const { runDemo } = await import("../demo/demo.js");
      const view = options.view
        ? (await import("../view/demo-view.js")).demoViewHooks(runtime.ctx, options.open)
        : {};
      await runDemo(
        runtime.ctx,
        {
          ...(options.dir === undefined ? {} : { dir: options.dir }),
          ...(options.codexBin === undefined ? {} : { codexBin: options.codexBin }),
          ...view,
        },
        (code) => runtime.setExitCode(code),
      );
    });
};
