import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";

const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/registry");
const WORKSPACE = path.join(FIXTURE, "workspace");
const HOME = path.join(FIXTURE, "home");
const USER = path.join(HOME, ".claude", "commands");

const ccw = (argv: string[]) => runCli(argv, { cwd: WORKSPACE, homedir: HOME });

describe("ccw commands list", () => {
  it("prints an aligned table, warnings on stderr, and a summary", async () => {
    const result = await ccw(["commands", "list"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "NAME                 SOURCE                ARGUMENTS  DESCRIPTION",
        "/ccw                 project (hides user)             Project copy of ccw",
        "/workflow:lite-plan  project               <task>     Lightweight planning",
        "",
      ].join("\n"),
    );
    expect(result.stderr).toBe(
      [
        `warning: ${USER}/mine.md:3: frontmatter field "allowed-tools": expected a list of tool names or one comma-separated string, found a number (42)`,
        `2 commands: 2 from the project, 0 from the user (.claude/commands, ${USER})`,
        "",
      ].join("\n"),
    );
  });

  it("prints JSON with allowed-tools always a list", async () => {
    const result = await ccw(["commands", "list", "--json"]);
    expect(JSON.parse(result.stdout)).toEqual({
      commands: [
        {
          name: "/ccw",
          description: "Project copy of ccw",
          argumentHint: null,
          allowedTools: ["Task", "Read"],
          model: null,
          group: "ccw",
          source: "project",
          path: path.join(WORKSPACE, ".claude", "commands", "ccw.md"),
          shadows: path.join(USER, "ccw.md"),
        },
        {
          name: "/workflow:lite-plan",
          description: "Lightweight planning",
          argumentHint: "<task>",
          allowedTools: ["Read", "Grep", "Bash(git:*)"],
          model: "sonnet",
          group: null,
          source: "project",
          path: path.join(WORKSPACE, ".claude", "commands", "workflow", "lite-plan.md"),
          shadows: null,
        },
      ],
      diagnostics: [
        {
          file: path.join(USER, "mine.md"),
          line: 3,
          message:
            'frontmatter field "allowed-tools": expected a list of tool names or one comma-separated string, found a number (42)',
        },
      ],
    });
  });

  it("reads --cd, and says when there is nothing", async () => {
    const result = await runCli(["commands", "list", "--cd", "codex-home"], {
      cwd: FIXTURE,
      homedir: path.join(FIXTURE, "nowhere"),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("No commands found in codex-home/.claude/commands");
  });

  it("explains itself", async () => {
    for (const argv of [
      ["commands", "--help"],
      ["commands", "list", "--help"],
    ]) {
      const result = await ccw(argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(argv.length === 2 ? "list" : "--cd <dir>");
    }
  });
});
