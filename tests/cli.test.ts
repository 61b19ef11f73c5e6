import { describe, expect, it } from "vitest";
import { packageVersion } from "../ccw/src/package-info.js";
import { runCli } from "./helpers/cli-context.js";

describe("ccw entry", () => {
  it("prints its version", async () => {
    const result = await runCli(["--version"]);
    expect(result).toMatchObject({ code: 0, stdout: `${packageVersion()}\n` });
  });

  it("shows help with exit 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: ccw [options]");
  });

  it.each([
    [["help"], "Usage: ccw [options]"],
    [["help", "coordinator"], "Usage: ccw coordinator"],
    [["coordinator", "help", "status"], "Usage: ccw coordinator status"],
  ])("ccw %j prints help on stdout and exits 0", async (argv, usage) => {
    const result = await runCli(argv);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(usage);
  });

  it("a command group without its subcommand is still a usage error (exit 2, help on stderr)", async () => {
    const result = await runCli(["coordinator"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: ccw coordinator");
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

  it("colours errors on a terminal unless NO_COLOR is set", async () => {
    expect((await runCli(["--bogus"], { tty: true })).stderr).toContain("\u001b[31m");
    expect((await runCli(["--bogus"], { tty: true, env: { NO_COLOR: "1" } })).stderr).not.toContain(
      "\u001b[",
    );
  });
});
