import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";

// Every option or argument that takes a path refuses "" (an unset shell variable), which Node
// would otherwise resolve to the current folder.
describe("empty path values", () => {
  it.each([
    [["coordinator", "list", "--cd", ""], "--cd"],
    [["cli", "-p", "hi", "--codex-bin", ""], "--codex-bin"],
    [["cli", "-p", "hi", "--image", "a.png", "--image", ""], "--image"],
    [["evidence", "verify", "a.md", ""], "<files>"],
    [["codex-parity", "validate", "--dir", ""], "--dir"],
    [["dev", "model-server", "--script", ""], "--script"],
    [["workflow", "install", "--source", "", "--dry-run"], "--source"],
  ])("ccw %j is a usage error naming %s", async (argv, name) => {
    const result = await runCli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`ccw: error: ${name} needs a path, and got an empty value`);
  });
});
