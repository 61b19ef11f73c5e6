import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../ccw/src/cli.js";
import { runCli, testContext } from "../helpers/cli-context.js";
import { waitFor } from "../helpers/coordinator-e2e.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("ccw view", () => {
  it.each([
    [["view", "--host", "0.0.0.0"], "--host 0.0.0.0 is not the loopback interface"],
    [
      ["view", "--host", "192.168.1.5", "--port", "0"],
      "--host 192.168.1.5 is not the loopback interface",
    ],
    [["view", "--port", "http"], "expected a port from 0 to 65535"],
    [["view", "--port", "70000"], "expected a port from 0 to 65535"],
    [["view", "--cd", "/nonexistent/ccw-view"], "is not a folder"],
  ])("refuses %j before starting anything", async (argv, message) => {
    const result = await runCli(argv);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(message.includes("not a folder") ? 66 : 2);
    expect(result.stdout).toBe("");
  });

  it("--json prints {url, port, pid}, serves the workspace, and stops cleanly on Ctrl-C", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "ccw-view-cmd-"));
    const interrupt = new AbortController();
    const { ctx, stdout, stderr } = testContext({ cwd: dir, interrupt: interrupt.signal });
    const running = main(["view", "--no-open", "--json"], ctx);
    const printed = await waitFor(() => {
      const line = stdout.text().split("\n")[0];
      return line ? (JSON.parse(line) as { url: string; port: number; pid: number }) : undefined;
    });
    expect(printed).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/),
      port: expect.any(Number),
      pid: process.pid,
    });
    const token = new URL(printed.url).searchParams.get("token") ?? "";
    const list = await new Promise<string>((resolve, reject) => {
      http
        .get(
          {
            host: "127.0.0.1",
            port: printed.port,
            path: "/api/sessions",
            headers: { "X-CCW-Token": token },
          },
          (response) => {
            let text = "";
            response.on("data", (chunk: Buffer) => {
              text += chunk.toString();
            });
            response.on("end", () => resolve(text));
          },
        )
        .on("error", reject);
    });
    expect(JSON.parse(list)).toEqual({ workspace: dir, sessions: [], problems: [] });
    interrupt.abort("SIGINT");
    expect(await running).toBe(0);
    expect(stderr.text()).toContain("ccw view: stopped.");
  });
});
