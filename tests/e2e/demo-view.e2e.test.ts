import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../ccw/src/cli.js";
import type { SessionList } from "../../ccw/src/view/api-types.js";
import { testContext } from "../helpers/cli-context.js";
import { waitFor } from "../helpers/coordinator-e2e.js";

describe("ccw demo --view", () => {
  it("serves the demo's session in the dashboard until Ctrl-C", async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), "ccw-demo-view-"));
    const interrupt = new AbortController();
    try {
      const { ctx, stderr } = testContext({
        env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
        homedir: parent,
        interrupt: interrupt.signal,
      });
      const running = main(["demo", "--dir", parent, "--view", "--no-open"], ctx);
      const url = await waitFor(
        () => /The dashboard stays at (\S+)/.exec(stderr.text())?.[1],
        90_000,
        "the demo to finish",
      );
      expect(stderr.text()).toMatch(/ {2}dashboard {3}http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const response = await fetch(url.replace("/?token=", "/api/sessions?token="));
      const list = (await response.json()) as SessionList;
      expect(list.sessions.map((row) => [row.status, row.done, row.total])).toEqual([
        ["completed", 2, 2],
      ]);
      interrupt.abort("SIGINT");
      expect(await running).toBe(0);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 120_000);
});
