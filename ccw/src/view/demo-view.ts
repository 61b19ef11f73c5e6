/** `ccw demo --view`: the dashboard on the demo's scratch project, open while the chain runs. */
import type { CliContext } from "../context.js";
import { openBrowser } from "./open-browser.js";
import { startView } from "./run-view.js";
import type { ViewServer } from "./view-server.js";

/** The demo's hooks that start the dashboard before the chain and serve it until Ctrl-C. */
export function demoViewHooks(ctx: CliContext, open: boolean) {
  let server: ViewServer | undefined;
  let project: CliContext = ctx;
  return {
    async beforeRun(projectCtx: CliContext): Promise<void> {
      project = projectCtx;
      server = await startView(projectCtx, {
        host: "127.0.0.1",
        port: 0,
        unsafeHost: false,
        open,
        json: false,
      });
      ctx.stderr.write(`  dashboard   ${server.url}\n`);
      if (open && !(await openBrowser(server.url))) {
        ctx.stderr.write("  (could not open a browser: open the dashboard's URL yourself)\n");
      }
    },
    async afterRun(): Promise<void> {
      if (!server) return;
      const signal = project.interruptSignal();
      if (!signal.aborted) {
        ctx.stderr.write(`\nThe dashboard stays at ${server.url}\nCtrl-C stops it.\n`);
        await new Promise<void>((resolve) =>
          signal.addEventListener("abort", () => resolve(), { once: true }),
        );
      }
      await server.close();
    },
  };
}
