import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../ccw/src/cli.js";
import { runCli, testContext } from "../helpers/cli-context.js";

const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/registry");
const WORKSPACE = path.join(FIXTURE, "workspace");
const CODEX_HOME = path.join(FIXTURE, "codex-home");
const PROJECT = path.join(WORKSPACE, ".codex", "prompts");
const USER = path.join(CODEX_HOME, "prompts");

/** Runs ccw in the fixture workspace with CODEX_HOME set to the fixture's. */
const ccw = (argv: string[], options: { cwd?: string; tty?: boolean } = {}) =>
  runCli(argv, { cwd: options.cwd ?? WORKSPACE, env: { CODEX_HOME }, tty: options.tty });

describe("ccw codex prompts list", () => {
  it("prints an aligned table, warnings on stderr, and a summary", async () => {
    const result = await ccw(["codex", "prompts", "list"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "NAME         CATEGORY   SOURCE                PLACEHOLDERS       DESCRIPTION",
        "execute      execution  project (hides user)  PLAN               Run the plan (project copy)",
        "lite-plan-a  planning   project               ARTIFACT_DIR TASK  Quick plan for a small change",
        "review       analysis   project               $1 $2 $ARGUMENTS",
        "tidy-up      cleanup    user                  -                  Remove junk",
        "",
      ].join("\n"),
    );
    expect(result.stderr).toBe(
      [
        `warning: .codex/prompts/Bad Name.md: "Bad Name" is not a valid prompt name (lowercase letters, digits, '.', '_' and '-', starting with a letter or digit); rename the file, e.g. to bad-name.md`,
        'warning: .codex/prompts/broken.md:2: YAML syntax error at column 27: Missing closing "quote',
        `4 prompts: 3 from the project, 1 from the user (.codex/prompts, ${USER})`,
        "",
      ].join("\n"),
    );
  });

  it("prints JSON with every documented field and the diagnostics", async () => {
    const result = await ccw(["codex", "prompts", "list", "--json"]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.prompts.map((p: { name: string }) => p.name)).toEqual([
      "execute",
      "lite-plan-a",
      "review",
      "tidy-up",
    ]);
    expect(json.prompts[0]).toEqual({
      name: "execute",
      category: "execution",
      description: "Run the plan (project copy)",
      argumentHint: null,
      source: "project",
      path: path.join(PROJECT, "execute.md"),
      placeholders: { mode: "named", named: ["PLAN"], positional: [] },
      shadows: path.join(USER, "execute.md"),
    });
    expect(json.prompts[3]).toMatchObject({ name: "tidy-up", source: "user", shadows: null });
    expect(json.diagnostics).toEqual([
      {
        file: path.join(PROJECT, "Bad Name.md"),
        line: null,
        message: expect.stringContaining("is not a valid prompt name"),
      },
      {
        file: path.join(PROJECT, "broken.md"),
        line: 2,
        message: 'YAML syntax error at column 27: Missing closing "quote',
      },
    ]);
    expect(result.stderr).toBe("");
  });

  it("filters by category, and refuses an unknown one", async () => {
    const planning = await ccw(["codex", "prompts", "list", "--category", "planning", "--json"]);
    expect(JSON.parse(planning.stdout).prompts.map((p: { name: string }) => p.name)).toEqual([
      "lite-plan-a",
    ]);
    const human = await ccw(["codex", "prompts", "list", "--category", "planning"]);
    expect(human.stderr).toContain(
      "1 prompt of category planning (of 4): 1 from the project, 0 from the user",
    );
    const bad = await ccw(["codex", "prompts", "list", "--category", "testing"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Allowed choices are planning, execution, bugfix, discovery");
  });

  it("reads the workspace given with --cd, relative to the current folder", async () => {
    const result = await ccw(["codex", "prompts", "list", "--cd", "workspace", "--json"], {
      cwd: FIXTURE,
    });
    expect(JSON.parse(result.stdout).prompts).toHaveLength(4);
  });

  it("takes CODEX_HOME from the environment, and ~/.codex without it", async () => {
    const result = await runCli(["codex", "prompts", "list", "--json"], {
      cwd: WORKSPACE,
      env: {},
      homedir: path.join(FIXTURE, "nowhere"),
    });
    const json = JSON.parse(result.stdout);
    expect(json.prompts.map((p: { name: string; shadows: null }) => [p.name, p.shadows])).toEqual([
      ["execute", null],
      ["lite-plan-a", null],
      ["review", null],
    ]);
  });

  it("fails with 66 for a workspace that does not exist", async () => {
    const result = await ccw(["codex", "prompts", "list", "--cd", "missing"]);
    expect(result.code).toBe(66);
    expect(result.stderr).toBe(
      `ccw: error: the workspace ${path.join(WORKSPACE, "missing")} is not a folder\nGive an existing project folder with --cd <dir>.\n`,
    );
  });

  it("cuts long lines to the terminal's width, and only there", async () => {
    const { ctx, stdout } = testContext({
      cwd: WORKSPACE,
      env: { CODEX_HOME, NO_COLOR: "1" },
      tty: true,
    });
    ctx.stdout.columns = 60;
    expect(await main(["codex", "prompts", "list"], ctx)).toBe(0);
    const lines = stdout.text().trimEnd().split("\n");
    expect(lines.every((line) => line.length <= 60)).toBe(true);
    expect(lines[1]).toBe("execute      execution  project (hides user)  PLAN         …");
    const piped = await ccw(["codex", "prompts", "list"]);
    expect(piped.stdout).toContain("Quick plan for a small change");
  });
});

describe("ccw codex prompts show", () => {
  it("shows the fields, then the body", async () => {
    const result = await ccw(["codex", "prompts", "show", "execute"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "name         execute",
        "source       project (.codex/prompts/execute.md)",
        `shadows      the prompt ${path.join(USER, "execute.md")}`,
        "category     execution (from the name)",
        "description  Run the plan (project copy)",
        "placeholders named: PLAN",
        "contract     (no Writes section: nothing is checked after a step of this prompt)",
        "----------------------------------------",
        "Execute $PLAN",
        "",
      ].join("\n"),
    );
  });

  it("prints the prompt and its body as JSON", async () => {
    const result = await ccw(["codex", "prompts", "show", "/prompts:lite-plan-a", "--json"]);
    expect(JSON.parse(result.stdout)).toEqual({
      name: "lite-plan-a",
      category: "planning",
      description: "Quick plan for a small change",
      argumentHint: 'TASK="<goal>" ARTIFACT_DIR=<folder>',
      source: "project",
      path: path.join(PROJECT, "lite-plan-a.md"),
      placeholders: { mode: "named", named: ["ARTIFACT_DIR", "TASK"], positional: [] },
      shadows: null,
      categorySource: "frontmatter",
      contract: null,
      body: "Plan $TASK and write plan.json into $ARTIFACT_DIR. Budget: $$5.\n",
    });
  });

  it("shows the contract a prompt's Writes section declares", async () => {
    const pack = path.resolve(import.meta.dirname, "../..");
    const text = await ccw(["codex", "prompts", "show", "lite-plan-a", "--cd", pack]);
    expect(text.stdout).toContain(
      [
        "contract     $ARTIFACT_DIR/plan.json — on success (JSON, shape ccw-plan/1)",
        "             $ARTIFACT_DIR/plan.md — on success (not empty)",
        "             $ARTIFACT_DIR/error.json — when blocked (JSON, shape ccw-error/1)",
      ].join("\n"),
    );
    const json = await ccw(["codex", "prompts", "show", "lite-plan-a", "--json", "--cd", pack]);
    expect(JSON.parse(json.stdout).contract).toEqual([
      {
        path: "$ARTIFACT_DIR/plan.json",
        when: "on success",
        format: "json",
        shape: "ccw-plan/1",
        line: 38,
      },
      {
        path: "$ARTIFACT_DIR/plan.md",
        when: "on success",
        format: "markdown",
        shape: null,
        line: 39,
      },
      {
        path: "$ARTIFACT_DIR/error.json",
        when: "when blocked",
        format: "json",
        shape: "ccw-error/1",
        line: 40,
      },
    ]);
  });

  it("suggests close names for a prompt that does not exist (exit 66)", async () => {
    const result = await ccw(["codex", "prompts", "show", "exectue"]);
    expect(result.code).toBe(66);
    expect(result.stderr).toBe(
      `ccw: error: no prompt named "exectue" in .codex/prompts and ${USER}\nDid you mean "execute"? \`ccw codex prompts list\` shows every prompt.\n`,
    );
  });

  it("says why a prompt file cannot be used (exit 65)", async () => {
    const result = await ccw(["codex", "prompts", "show", "broken"]);
    expect(result.code).toBe(65);
    expect(result.stderr).toBe(
      'ccw: error: prompt "broken" cannot be used: .codex/prompts/broken.md:2: YAML syntax error at column 27: Missing closing "quote\nFix the file, then try again.\n',
    );
  });
});

describe("ccw codex prompts expand", () => {
  it("fills named placeholders from KEY=value words, $$ becoming $", async () => {
    const result = await ccw([
      "codex",
      "prompts",
      "expand",
      "lite-plan-a",
      "TASK=Add rate limiting",
      "ARTIFACT_DIR=out/step-1",
    ]);
    expect(result).toEqual({
      code: 0,
      stdout: "Plan Add rate limiting and write plan.json into out/step-1. Budget: $5.\n",
      stderr: "",
    });
  });

  it("fills positional placeholders, from words or from --args", async () => {
    const words = await ccw(["codex", "prompts", "expand", "review", "src/a.ts", "high"]);
    expect(words.stdout).toBe("Review src/a.ts with priority high. All: src/a.ts high\n");
    const text = await ccw([
      "codex",
      "prompts",
      "expand",
      "review",
      "--args",
      "'src/a b.ts' \"very high\"",
    ]);
    expect(text.stdout).toBe(
      "Review src/a b.ts with priority very high. All: src/a b.ts very high\n",
    );
    const dashed = await ccw(["codex", "prompts", "expand", "review", "--", "-x", "--y"]);
    expect(dashed.stdout).toBe("Review -x with priority --y. All: -x --y\n");
  });

  it("names every missing key and shows the usage (exit 2)", async () => {
    const result = await ccw(["codex", "prompts", "expand", "lite-plan-a", "TASK=x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        'ccw: error: cannot expand prompt "lite-plan-a": missing required argument ARTIFACT_DIR; give each as KEY=value (quote values with spaces)',
        "Usage: ccw codex prompts expand lite-plan-a ARTIFACT_DIR=... TASK=...",
        'Arguments: TASK="<goal>" ARTIFACT_DIR=<folder>',
        "",
      ].join("\n"),
    );
  });

  it("names an argument that is not KEY=value (exit 2)", async () => {
    const result = await ccw(["codex", "prompts", "expand", "execute", "plan.json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "ccw: error: cannot expand prompt \"execute\": expected KEY=value but found 'plan.json'",
    );
  });

  it("refuses words and --args together, and an unknown prompt", async () => {
    const both = await ccw(["codex", "prompts", "expand", "review", "a", "--args", "b"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give the arguments either as words or with --args, not both");
    const missing = await ccw(["codex", "prompts", "expand", "nope"]);
    expect(missing.code).toBe(66);
  });
});

describe("help", () => {
  it.each([
    [["codex", "--help"], ["prompts"]],
    [
      ["codex", "prompts", "--help"],
      ["list", "show", "expand", "$CODEX_HOME/prompts"],
    ],
    [
      ["codex", "prompts", "list", "--help"],
      ["--category <category>", "--json", "--cd <dir>"],
    ],
    [
      ["codex", "prompts", "show", "--help"],
      ["<name>", "--json", "--cd <dir>"],
    ],
    [
      ["codex", "prompts", "expand", "--help"],
      ["[args...]", "--args <text>", "--cd <dir>"],
    ],
  ])("ccw %j explains itself", async (argv, texts) => {
    const result = await ccw(argv);
    expect(result.code).toBe(0);
    for (const text of texts) expect(result.stdout).toContain(text);
  });
});
