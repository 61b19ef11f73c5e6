import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../ccw/src/cli.js";
import { runCli, testContext } from "../helpers/cli-context.js";
import { eventually } from "../helpers/codex-e2e.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "ccw-dev-cmd-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const script = path.join(tmp, "script.yaml");
writeFileSync(
  script,
  [
    "rules:",
    "  - name: greet",
    "    match: { contains: hello }",
    "    reply: { text: hi }",
    "",
  ].join("\n"),
);

describe("ccw dev model-server", () => {
  it("prints its port on stdout, answers, logs requests on stderr, writes CODEX_HOME, stops on Ctrl-C", async () => {
    const interrupt = new AbortController();
    const { ctx, stdout, stderr } = testContext({ cwd: tmp, interrupt: interrupt.signal });
    const running = main(
      ["dev", "model-server", "--script", "script.yaml", "--codex-home", "home"],
      ctx,
    );
    const printed = await eventually(
      () => stdout.text(),
      (text) => text.endsWith("\n"),
    );
    expect(printed).toMatch(/^\d+\n$/);
    const port = Number(printed.trim());
    const response = await fetch(`http://127.0.0.1:${port}/v1/responses`, {
      method: "POST",
      body: JSON.stringify({
        model: "m",
        input: [
          { type: "message", role: "user", content: [{ type: "input_text", text: "hello" }] },
        ],
      }),
    });
    expect(await response.text()).toContain('"text":"hi"');
    expect(readFileSync(path.join(tmp, "home", "config.toml"), "utf8")).toContain(
      `base_url = "http://127.0.0.1:${port}/v1"`,
    );
    interrupt.abort("SIGINT");
    expect(await running).toBe(0);
    expect(stdout.text()).toBe(printed);
    expect(stderr.text()).toContain(`model server: http://127.0.0.1:${port}/v1 (1 rules)\n`);
    expect(stderr.text()).toContain(
      `CODEX_HOME=${path.join(tmp, "home")} OPENAI_API_KEY=dummy codex exec`,
    );
    expect(stderr.text()).toContain('#0 POST /v1/responses "hello" → greet: text\n');
    expect(stderr.text()).toContain("model server: stopped after 1 requests\n");
    await expect(
      fetch(`http://127.0.0.1:${port}/v1/responses`, { method: "POST" }),
    ).rejects.toThrow();
  });

  it("an invalid script is reported with every problem (exit 65); a missing one exits 66", async () => {
    const bad = path.join(tmp, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ rules: [{ reply: {} }, { match: { regex: "(" }, reply: { text: "x" } }] }),
    );
    const invalid = await runCli(["dev", "model-server", "--script", bad], { cwd: tmp });
    expect(invalid.code).toBe(65);
    expect(invalid.stderr).toContain("ccw: error: invalid model-server script (2 problems):\n");
    expect(invalid.stderr).toContain(
      `${bad}: rules.0.reply.0: a reply needs exactly one of text, command, write, fail, stall`,
    );
    expect(invalid.stderr).toContain(`${bad}: rules.1.match.regex: not a valid regular expression`);
    const missing = await runCli(["dev", "model-server", "--script", "nope.yaml"], { cwd: tmp });
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain("ccw: error: cannot read the model-server script");
  });

  it("rejects a bad --port, and a --script that is missing (exit 2)", async () => {
    expect(
      (await runCli(["dev", "model-server", "--script", script, "--port", "70000"])).stderr,
    ).toContain("ccw: error: --port 70000 is not a port number");
    const noScript = await runCli(["dev", "model-server"]);
    expect(noScript.code).toBe(2);
    expect(noScript.stderr).toContain("required option '--script <file>' not specified");
  });
});
