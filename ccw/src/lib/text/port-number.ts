import { UsageError } from "../../errors.js";

/** The value of a `--port` option: a whole number from 1 to 65535, or a usage error. */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new UsageError(`--port ${text} is not a port number`, {
      hint: "Give a number from 1 to 65535, or leave --port out to get a free port.",
    });
  }
  return port;
}
