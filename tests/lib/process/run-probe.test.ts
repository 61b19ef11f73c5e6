import { describe, expect, it } from "vitest";
import { runProbe } from "../../../ccw/src/lib/process/run-probe.js";

const node = process.execPath;
const options = { env: { PATH: process.env.PATH ?? "" }, timeoutMs: 10_000, maxBuffer: 1024 };
const fail = (error: { code?: unknown; killed?: boolean }, stderr: string) =>
  new Error(`code ${String(error.code)} killed ${String(error.killed)} stderr ${stderr.trim()}`);

describe("runProbe", () => {
  it("resolves what the child prints, with its arguments passed as they are (no shell)", async () => {
    const out = await runProbe(
      node,
      ["-e", "console.log(process.argv[1])", "$(touch x); echo"],
      options,
      fail,
    );
    expect(out).toBe("$(touch x); echo\n");
  });

  it("rejects a non-zero exit with what fail makes of it and stderr", async () => {
    const run = runProbe(node, ["-e", "console.error('broken'); process.exit(3)"], options, fail);
    await expect(run).rejects.toThrow("code 3 killed false stderr broken");
  });

  it("stops a child that does not answer within the timeout", async () => {
    const run = runProbe(
      node,
      ["-e", "setTimeout(() => {}, 60000)"],
      { ...options, timeoutMs: 500 },
      fail,
    );
    await expect(run).rejects.toThrow("killed true");
  });
});
