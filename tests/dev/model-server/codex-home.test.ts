import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CODEX_HOME_MARK, writeCodexHome } from "../../../ccw/src/dev/model-server/codex-home.js";
import { UsageError } from "../../../ccw/src/errors.js";

describe("writeCodexHome never overwrites a config.toml it did not write", () => {
  it("writes a new one, and replaces its own", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "ccw-home-"));
    await writeCodexHome({ codexHome: home, baseUrl: "http://127.0.0.1:1/v1" });
    await writeCodexHome({ codexHome: home, baseUrl: "http://127.0.0.1:2/v1" });
    const text = readFileSync(path.join(home, "config.toml"), "utf8");
    expect(text.startsWith(CODEX_HOME_MARK)).toBe(true);
    expect(text).toContain("127.0.0.1:2");
  });

  it("refuses the user's own and leaves it byte for byte", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "ccw-home-"));
    const mine = '[mcp_servers.docs]\ncommand = "docs-server"\n';
    writeFileSync(path.join(home, "config.toml"), mine);
    await expect(
      writeCodexHome({ codexHome: home, baseUrl: "http://127.0.0.1:1/v1" }),
    ).rejects.toThrow(UsageError);
    expect(readFileSync(path.join(home, "config.toml"), "utf8")).toBe(mine);
  });
});
