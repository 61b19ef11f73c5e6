import { describe, expect, it } from "vitest";
import { main } from "../ccw/src/cli.js";
import { packageVersion } from "../ccw/src/package-info.js";
import { runCli, testContext } from "./helpers/cli-context.js";

describe("ccw entry", () => {
  it("prints its version", async () => {
    const result = await runCli(["--version"]);
    expect(result).toMatchObject({ code: 0, stdout: `ccw-codex ${packageVersion()}\n` });
  });

  it("shows help with exit 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: ccw [options]");
  });

  it("wraps help to a 60-column terminal", async () => {
    const { ctx, stdout } = testContext({ tty: true, env: { NO_COLOR: "1" } });
    ctx.stdout.columns = 60;
    expect(await main(["coordinator", "codex", "--help"], ctx)).toBe(0);
    const lines = stdout.text().trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((line) => line.length > 60)).toEqual([]);
  });

  it("reports an unknown option as a usage error (exit 2) in one line", async () => {
    const result = await runCli(["--bogus"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("ccw: error: unknown option '--bogus'\n");
  });

  it("never colours output that is not a terminal", async () => {
    const result = await runCli(["--bogus"], { tty: false });
    expect(result.stderr).not.toContain("\u001b[");
  });

  it.each([
    ["NO_COLOR=1", { NO_COLOR: "1" }, []],
    ["FORCE_COLOR=0", { FORCE_COLOR: "0" }, []],
    ["--no-color before the command", {}, ["--no-color"]],
  ] as const)("never colours a terminal with %s", async (_name, env, flags) => {
    const result = await runCli([...flags, "--bogus"], { tty: true, env });
    expect(result.stderr).toBe("ccw: error: unknown option '--bogus'\n");
  });

  it("takes --no-color after a subcommand too, and leaves it alone after --", async () => {
    const colored = await runCli(["coordinator", "list", "--bogus"], { tty: true });
    expect(colored.stderr).toContain("\u001b[31m");
    const plain = await runCli(["coordinator", "list", "--no-color", "--bogus"], { tty: true });
    expect(plain.stderr).toBe("ccw: error: unknown option '--bogus'\n");
    expect(plain.code).toBe(2);
  });

  it("FORCE_COLOR=1 colours output that is not a terminal", async () => {
    const result = await runCli(["--bogus"], { tty: false, env: { FORCE_COLOR: "1" } });
    expect(result.stderr).toContain("\u001b[31m");
  });

  it("colours errors on a terminal unless NO_COLOR is set", async () => {
    expect((await runCli(["--bogus"], { tty: true })).stderr).toContain("\u001b[31m");
    expect((await runCli(["--bogus"], { tty: true, env: { NO_COLOR: "1" } })).stderr).not.toContain(
      "\u001b[",
    );
  });
});
