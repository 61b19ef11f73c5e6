import { InvalidArgumentError, Option } from "commander";
import type { CommandRuntime, RegisterCommand } from "../command-runtime.js";

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535)
    throw new InvalidArgumentError("expected a port from 0 to 65535 (0 picks a free one).");
  return Number(value);
}

/** `ccw view`: a local web page of the workspace's coordinator sessions, live. */
export const registerViewCommand: RegisterCommand = (program, runtime: CommandRuntime) => {
  program
    .command("view")
    .description(
      "a live dashboard of the workspace's coordinator sessions in your browser (a local web server on 127.0.0.1)",
    )
    .addOption(new Option("--cd <dir>", "the workspace (default: the current folder)"))
    .option("--port <n>", "the port to listen on (default: a free one)", parsePort, 0)
    .option(
      "--host <host>",
      "the address to listen on (loopback only, see --unsafe-host)",
      "127.0.0.1",
    )
    .option(
      "--unsafe-host",
      "allow a --host that is not loopback (exposes the sessions to the network)",
    )
    .option("--no-open", "only print the URL, do not open a browser")
    .option("--json", "print {url, port, pid} as JSON on stdout")
    .action(
      async (options: {
        cd?: string;
        port: number;
        host: string;
        unsafeHost?: boolean;
        open: boolean;
        json?: boolean;
      }) => {
        const { runView } = await import("../view/run-view.js");
        await runView(runtime.ctx, {
          ...(options.cd === undefined ? {} : { cd: options.cd }),
          host: options.host,
          port: options.port,
          unsafeHost: options.unsafeHost === true,
          open: options.open,
          json: options.json === true,
        });
      },
    );
};
