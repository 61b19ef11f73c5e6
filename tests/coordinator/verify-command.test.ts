import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  describeVerifyFailure,
  runVerifyCommand,
  TAIL_CHARS,
  tailLines,
  verifyPassed,
} from "../../ccw/src/coordinator/verify-command.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "ccw-verify-"));
const run = (command: string, timeoutMs = 20_000, signal = new AbortController().signal) =>
  runVerifyCommand({
    command,
    cwd: dir,
    env: { PATH: process.env.PATH ?? "" },
    timeoutMs,
    signal,
    logPath: path.join(dir, `${Math.random()}.log`),
  });

describe("runVerifyCommand", () => {
  it("runs the user's command line with sh -c in the workspace and passes on exit 0", async () => {
    const result = await run("pwd && echo ok >&2");
    expect(verifyPassed(result)).toBe(true);
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, aborted: false });
    expect(result.outputTail).toBe(`${dir}\nok`);
  });

  it("fails on a non-zero exit, keeps the whole output in its log and the tail in the result", async () => {
    const logPath = path.join(dir, "fail.log");
    const result = await runVerifyCommand({
      command: "for i in $(seq 1 3000); do echo line $i; done; exit 4",
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
      timeoutMs: 20_000,
      signal: new AbortController().signal,
      logPath,
    });
    expect(verifyPassed(result)).toBe(false);
    expect(describeVerifyFailure(result)).toBe("exit code 4");
    expect(result.outputTail.length).toBeLessThanOrEqual(TAIL_CHARS);
    expect(result.outputTail.endsWith("line 3000")).toBe(true);
    expect(result.outputTail.startsWith("line ")).toBe(true);
    expect(readFileSync(logPath, "utf8").split("\n")[0]).toBe("line 1");
  });

  it("stops a command at its time limit, with everything it started", async () => {
    const started = Date.now();
    const result = await run("sleep 30 & sleep 30", 300);
    expect(result.timedOut).toBe(true);
    expect(verifyPassed(result)).toBe(false);
    expect(describeVerifyFailure(result)).toMatch(/^did not finish within the time limit/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("stops when the run is interrupted", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await run("sleep 30", 20_000, controller.signal);
    expect(result.aborted).toBe(true);
    expect(describeVerifyFailure(result)).toBe("stopped (interrupted)");
  });

  it("cuts the tail at a line start", () => {
    const text = `${"x".repeat(TAIL_CHARS)}\nlast line\n`;
    expect(tailLines(text)).toBe("last line");
  });
});
