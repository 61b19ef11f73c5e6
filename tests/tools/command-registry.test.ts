import { memfs } from "memfs";
import { describe, expect, it } from "vitest";
import { CommandRegistry, splitToolList } from "../../ccw/src/tools/command-registry.js";
import { formatDiagnostic } from "../../ccw/src/tools/registry/diagnostic.js";

const PROJECT = "/ws/.claude/commands";
const USER = "/home/u/.claude/commands";
const later = () => Date.now() + 60_000;

function setup(tree: Record<string, string | null>) {
  const { fs } = memfs({ "/ws": null, "/home/u": null });
  for (const [file, content] of Object.entries(tree)) {
    if (content === null) fs.mkdirSync(file, { recursive: true });
    else {
      fs.mkdirSync(file.slice(0, file.lastIndexOf("/")), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }
  return {
    fs,
    registry: new CommandRegistry({ workspace: "/ws", homedir: "/home/u", fs, now: later }),
  };
}

describe("splitToolList", () => {
  it.each([
    ["Read, Write,Bash", ["Read", "Write", "Bash"]],
    ["  ", []],
    ["Read,,Write,", ["Read", "Write"]],
    ["Bash(git add:*, git commit:*), Read", ["Bash(git add:*, git commit:*)", "Read"]],
    ["Bash(a(b), c), d", ["Bash(a(b), c)", "d"]],
  ])("%j", (text, tools) => {
    expect(splitToolList(text)).toEqual(tools);
  });
});

describe("CommandRegistry.list", () => {
  it("names commands after their path and reads every field", async () => {
    const { registry } = setup({
      [`${PROJECT}/workflow/lite-plan.md`]:
        "---\ndescription: Plan lightly\nargument-hint: '[task]'\nallowed-tools: Read, Write, Bash(git:*)\nmodel: sonnet\ngroup: workflow\n---\nBody",
      [`${PROJECT}/ccw.md`]: "---\nallowed-tools:\n  - Task\n  - Read\n---\n",
      [`${PROJECT}/a/b/deep.md`]: "No frontmatter",
    });
    expect(await registry.list()).toEqual({
      commands: [
        {
          name: "/a:b:deep",
          namespace: "a:b",
          shortName: "deep",
          allowedTools: [],
          source: "project",
          path: `${PROJECT}/a/b/deep.md`,
        },
        {
          name: "/ccw",
          shortName: "ccw",
          allowedTools: ["Task", "Read"],
          source: "project",
          path: `${PROJECT}/ccw.md`,
        },
        {
          name: "/workflow:lite-plan",
          namespace: "workflow",
          shortName: "lite-plan",
          description: "Plan lightly",
          argumentHint: "[task]",
          allowedTools: ["Read", "Write", "Bash(git:*)"],
          model: "sonnet",
          group: "workflow",
          source: "project",
          path: `${PROJECT}/workflow/lite-plan.md`,
        },
      ],
      diagnostics: [],
    });
  });

  it("lets project commands win over user commands", async () => {
    const { registry } = setup({
      [`${PROJECT}/workflow/execute.md`]: "---\ndescription: project\n---\n",
      [`${USER}/workflow/execute.md`]: "---\ndescription: user\n---\n",
      [`${USER}/mine.md`]: "---\ndescription: only mine\n---\n",
    });
    const { commands } = await registry.list();
    expect(commands.map((c) => [c.name, c.source, c.description, c.shadows])).toEqual([
      ["/mine", "user", "only mine", undefined],
      ["/workflow:execute", "project", "project", `${USER}/workflow/execute.md`],
    ]);
  });

  it("skips hidden entries and ccw's _disabled folders, and reports bad names", async () => {
    const { registry } = setup({
      [`${PROJECT}/ok.md`]: "x",
      [`${PROJECT}/.hidden/x.md`]: "x",
      [`${PROJECT}/_disabled/off.md`]: "x",
      [`${PROJECT}/notes.txt`]: "x",
      [`${PROJECT}/bad name.md`]: "x",
      [`${PROJECT}/bad:dir/x.md`]: "x",
    });
    const listing = await registry.list();
    expect(listing.commands.map((c) => c.name)).toEqual(["/ok"]);
    expect(listing.diagnostics.map(formatDiagnostic)).toEqual([
      `${PROJECT}/bad name.md: "bad name" cannot be part of a command name (letters, digits, '.', '_' and '-', starting with a letter or digit); rename it`,
      `${PROJECT}/bad:dir: "bad:dir" cannot be part of a command name (letters, digits, '.', '_' and '-', starting with a letter or digit); rename it`,
    ]);
  });

  it("reports bad frontmatter and keeps the other commands", async () => {
    const { registry } = setup({
      [`${PROJECT}/good.md`]: "---\ndescription: fine\n---\n",
      [`${PROJECT}/tools.md`]: "---\nallowed-tools: 42\n---\n",
      [`${PROJECT}/items.md`]: "---\nallowed-tools:\n  - Read\n  - {a: 1}\n---\n",
      [`${PROJECT}/open.md`]: "---\ndescription: x\n",
    });
    const listing = await registry.list();
    expect(listing.commands.map((c) => c.name)).toEqual(["/good"]);
    expect(listing.diagnostics.map(formatDiagnostic)).toEqual([
      `${PROJECT}/items.md:4: frontmatter field "allowed-tools[1]": expected a tool name, found a mapping`,
      `${PROJECT}/open.md:1: the frontmatter block opened by '---' on line 1 is never closed; add a line '---' after its last key`,
      `${PROJECT}/tools.md:2: frontmatter field "allowed-tools": expected a list of tool names or one comma-separated string, found a number (42)`,
    ]);
  });

  it("follows folder links once and reports a loop", async () => {
    const { fs, registry } = setup({ "/shared/cmds/linked.md": "x", [`${PROJECT}/ok.md`]: "x" });
    fs.symlinkSync("/shared/cmds", `${PROJECT}/team`);
    fs.symlinkSync(PROJECT, `${PROJECT}/loop`);
    const listing = await registry.list();
    expect(listing.commands.map((c) => c.name)).toEqual(["/ok", "/team:linked"]);
    expect(listing.diagnostics.map(formatDiagnostic)).toEqual([
      `${PROJECT}/loop: folder link loop; this folder is already read`,
    ]);
  });

  it("lists nothing, quietly, when there are no command folders", async () => {
    expect(await setup({}).registry.list()).toEqual({ commands: [], diagnostics: [] });
  });
});

describe("CommandRegistry.get", () => {
  const tree = {
    [`${PROJECT}/workflow/lite-plan.md`]: "x",
    [`${PROJECT}/workflow/execute.md`]: "x",
    [`${PROJECT}/issue/execute.md`]: "x",
    [`${PROJECT}/review.md`]: "x",
    [`${PROJECT}/tools/review.md`]: "x",
  };

  it.each([
    ["/workflow:lite-plan", "/workflow:lite-plan"],
    ["workflow:lite-plan", "/workflow:lite-plan"],
    ["lite-plan", "/workflow:lite-plan"],
    ["/lite-plan", "/workflow:lite-plan"],
    ["review", "/review"],
    ["tools:review", "/tools:review"],
  ])("finds %s", async (name, expected) => {
    expect((await setup(tree).registry.get(name))?.name).toBe(expected);
  });

  it("does not guess between commands that share a short name", async () => {
    const { registry } = setup(tree);
    expect(await registry.get("execute")).toBeUndefined();
    expect((await registry.resolve("execute")).candidates.map((c) => c.name)).toEqual([
      "/issue:execute",
      "/workflow:execute",
    ]);
    expect(await registry.get("other:lite-plan")).toBeUndefined();
  });

  it("caches files and reads them again after invalidate()", async () => {
    const { fs, registry } = setup({ [`${PROJECT}/a.md`]: "---\ndescription: one\n---\n" });
    expect((await registry.get("a"))?.description).toBe("one");
    fs.writeFileSync(`${PROJECT}/a.md`, "---\ndescription: two!\n---\n");
    expect((await registry.get("a"))?.description).toBe("two!");
    registry.invalidate();
    expect((await registry.get("a"))?.description).toBe("two!");
  });
});
