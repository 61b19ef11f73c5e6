import { memfs } from "memfs";
import { describe, expect, it } from "vitest";
import {
  CodexPromptRegistry,
  defaultCodexHome,
  type RegistryFs,
} from "../../ccw/src/tools/codex-prompt-registry.js";
import { formatDiagnostic } from "../../ccw/src/tools/registry/diagnostic.js";

const WS = "/ws";
const HOME = "/home/u/.codex";
const PROJECT = "/ws/.codex/prompts";
const USER = "/home/u/.codex/prompts";
/** A clock far enough ahead that every file's mtime counts as settled. */
const later = () => Date.now() + 60_000;

type Tree = Record<string, string | Uint8Array | null>;

function setup(tree: Tree, options: { now?: () => number } = {}) {
  const { fs } = memfs({ [WS]: null, [HOME]: null });
  for (const [file, content] of Object.entries(tree)) {
    if (content === null) fs.mkdirSync(file, { recursive: true });
    else {
      fs.mkdirSync(file.slice(0, file.lastIndexOf("/")), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }
  const registry = new CodexPromptRegistry({
    workspace: WS,
    codexHome: HOME,
    fs,
    now: options.now ?? later,
  });
  return { fs, registry };
}

/** A registry of the test workspace and CODEX_HOME that reads through `fs`. */
function registryOver(fs: RegistryFs) {
  return new CodexPromptRegistry({ workspace: WS, codexHome: HOME, fs, now: later });
}

/** Wraps an fs so that chosen calls fail with an errno code, and counts reads. */
function instrumented(fs: RegistryFs, failures: Record<string, string> = {}) {
  const opened: string[] = [];
  const failure = (code: string, path: string) =>
    Object.assign(new Error(`${code}: failure, open '${path}'`), { code });
  const fail = (path: string, callback: (error: unknown) => void) => {
    const code = failures[path];
    if (code === undefined) return false;
    callback(failure(code, path));
    return true;
  };
  const wrapped: RegistryFs = {
    readdir: (path, options, callback) => {
      if (!fail(path, callback)) fs.readdir(path, options, callback);
    },
    openSync: (path, flags) => {
      opened.push(path);
      const code = failures[path];
      if (code !== undefined) throw failure(code, path);
      return fs.openSync(path, flags);
    },
    readSync: (fd, buffer, offset, length, position) =>
      fs.readSync(fd, buffer, offset, length, position),
    closeSync: (fd) => fs.closeSync(fd),
    realpath: (path, callback) => fs.realpath(path, callback),
    statSync: (path) => fs.statSync(path),
    readlinkSync: (path) => fs.readlinkSync(path),
  };
  return { fs: wrapped, opened };
}

const names = (listing: { prompts: { name: string }[] }) => listing.prompts.map((p) => p.name);
const rendered = (listing: { diagnostics: Parameters<typeof formatDiagnostic>[0][] }) =>
  listing.diagnostics.map(formatDiagnostic);

describe("defaultCodexHome", () => {
  it("is $CODEX_HOME when set, else ~/.codex", () => {
    expect(defaultCodexHome({ CODEX_HOME: "/c" }, "/home/u")).toBe("/c");
    expect(defaultCodexHome({ CODEX_HOME: "" }, "/home/u")).toBe("/home/u/.codex");
    expect(defaultCodexHome({}, "/home/u")).toBe("/home/u/.codex");
  });
});

describe("CodexPromptRegistry.list", () => {
  it("lists both sources with every field", async () => {
    const { registry } = setup({
      [`${PROJECT}/lite-plan-a.md`]:
        "---\ndescription: Plan it\nargument-hint: TASK=<goal>\n---\nPlan $TASK into $ARTIFACT_DIR\n",
      [`${USER}/review.md`]: "---\nargument_hint: '[file]'\ncategory: analysis\n---\nReview $1\n",
      [`${USER}/notes.md`]: "No frontmatter, $$ literal.\n",
    });
    expect(await registry.list()).toEqual({
      prompts: [
        {
          name: "lite-plan-a",
          category: "planning",
          categorySource: "name",
          description: "Plan it",
          argumentHint: "TASK=<goal>",
          source: "project",
          path: `${PROJECT}/lite-plan-a.md`,
          body: "Plan $TASK into $ARTIFACT_DIR\n",
          placeholders: { mode: "named", named: ["ARTIFACT_DIR", "TASK"], positional: [] },
        },
        {
          name: "notes",
          category: "utility",
          categorySource: "name",
          source: "user",
          path: `${USER}/notes.md`,
          body: "No frontmatter, $$ literal.\n",
          placeholders: { mode: "none", named: [], positional: [] },
        },
        {
          name: "review",
          category: "analysis",
          categorySource: "frontmatter",
          argumentHint: "[file]",
          source: "user",
          path: `${USER}/review.md`,
          body: "Review $1\n",
          placeholders: { mode: "positional", named: [], positional: ["$1"] },
        },
      ],
      diagnostics: [],
    });
  });

  it("decodes a body when it is first read, and then it is an ordinary field", async () => {
    const { registry } = setup({ [`${PROJECT}/a.md`]: "---\ndescription: d\n---\nBody é $1\n" });
    const [prompt] = (await registry.list()).prompts;
    if (!prompt) throw new Error("no prompt");
    expect(Object.getOwnPropertyDescriptor(prompt, "body")?.get).toBeTypeOf("function");
    expect({ ...prompt }.body).toBe("Body é $1\n");
    expect(Object.getOwnPropertyDescriptor(prompt, "body")?.value).toBe("Body é $1\n");
    expect(JSON.parse(JSON.stringify(prompt)).body).toBe("Body é $1\n");
    prompt.body = "changed";
    expect(prompt.body).toBe("changed");
  });

  it("sorts by code unit, whatever order the folder lists", async () => {
    const files = ["b", "a_b", "a.b", "a-b", "a", "0x", "z9"];
    const tree = Object.fromEntries(files.map((name) => [`${PROJECT}/${name}.md`, name]));
    const { fs, registry } = setup(tree);
    const reversed: RegistryFs = {
      ...instrumented(fs).fs,
      readdir: (path, options, callback) =>
        fs.readdir(path, options, (error, entries) =>
          callback(error, Array.isArray(entries) ? [...entries].reverse() : entries),
        ),
    };
    const other = registryOver(reversed);
    const expected = ["0x", "a", "a-b", "a.b", "a_b", "b", "z9"];
    expect(names(await registry.list())).toEqual(expected);
    expect(await other.list()).toEqual(await registry.list());
  });

  it("lets a project prompt shadow a user prompt and says so", async () => {
    const { registry } = setup({
      [`${PROJECT}/execute.md`]: "project",
      [`${USER}/execute.md`]: "user",
      [`${USER}/only-user.md`]: "user only",
    });
    const listing = await registry.list();
    expect(listing.prompts.map((p) => [p.name, p.source, p.body, p.shadows])).toEqual([
      ["execute", "project", "project", `${USER}/execute.md`],
      ["only-user", "user", "user only", undefined],
    ]);
  });

  it("reads a folder once when CODEX_HOME is the workspace's .codex", async () => {
    const { fs } = setup({ [`${PROJECT}/a.md`]: "a" });
    const registry = new CodexPromptRegistry({
      workspace: WS,
      codexHome: "/ws/.codex",
      fs,
      now: later,
    });
    const listing = await registry.list();
    expect(listing.prompts.map((p) => [p.name, p.source, p.shadows])).toEqual([
      ["a", "project", undefined],
    ]);
  });

  it("ignores hidden files, other extensions and subfolders without a word", async () => {
    const { registry } = setup({
      [`${PROJECT}/ok.md`]: "ok",
      [`${PROJECT}/.hidden.md`]: "x",
      [`${PROJECT}/notes.txt`]: "x",
      [`${PROJECT}/README`]: "x",
      [`${PROJECT}/sub/nested.md`]: "x",
    });
    expect(await registry.list()).toMatchObject({ prompts: [{ name: "ok" }], diagnostics: [] });
  });

  it("lists nothing, quietly, when neither folder exists", async () => {
    const { registry } = setup({});
    expect(await registry.list()).toEqual({ prompts: [], diagnostics: [] });
  });
});

describe("CodexPromptRegistry.list: each bad input is one clear diagnostic", () => {
  const good = {
    [`${PROJECT}/good.md`]: "---\ndescription: fine\n---\nbody",
    [`${USER}/other.md`]: "x",
  };

  async function check(
    tree: Tree,
    expected: string[],
    prepare?: (fs: ReturnType<typeof memfs>["fs"]) => void,
    failures?: Record<string, string>,
  ) {
    const { fs } = setup({ ...good, ...tree });
    prepare?.(fs);
    const registry = registryOver(instrumented(fs, failures).fs);
    const listing = await registry.list();
    expect(rendered(listing)).toEqual(expected);
    expect(names(listing)).toEqual(["good", "other"]);
  }

  it("an invalid name", () =>
    check({ [`${PROJECT}/Bad Name.md`]: "x" }, [
      `${PROJECT}/Bad Name.md: "Bad Name" is not a valid prompt name (lowercase letters, digits, '.', '_' and '-', starting with a letter or digit); rename the file, e.g. to bad-name.md`,
    ]));

  it("a name starting with a dash", () =>
    check({ [`${PROJECT}/-x.md`]: "x" }, [
      `${PROJECT}/-x.md: "-x" is not a valid prompt name (lowercase letters, digits, '.', '_' and '-', starting with a letter or digit); rename the file, e.g. to x.md`,
    ]));

  it("an upper-case extension", () =>
    check({ [`${USER}/notes.MD`]: "x" }, [
      `${USER}/notes.MD: only files ending in lowercase .md are prompts; rename it to notes.md`,
    ]));

  it("a directory ending in .md", () =>
    check({ [`${PROJECT}/folder.md`]: null }, [
      `${PROJECT}/folder.md: is a directory, not a Markdown file; prompts are files named <name>.md`,
    ]));

  it("a broken symbolic link", () =>
    check(
      {},
      [
        `${PROJECT}/broken.md: broken symbolic link: its target /nowhere/x.md does not exist; fix the link or remove it`,
      ],
      (fs) => fs.symlinkSync("/nowhere/x.md", `${PROJECT}/broken.md`),
    ));

  it("a symbolic link to a directory", () =>
    check(
      { "/elsewhere/dir/file": "x" },
      [
        `${PROJECT}/linked.md: is a symbolic link to a directory (/elsewhere/dir), not a Markdown file; only files ending in .md are read`,
      ],
      (fs) => fs.symlinkSync("/elsewhere/dir", `${PROJECT}/linked.md`),
    ));

  it("a symbolic link loop", () =>
    check(
      {},
      [
        `${PROJECT}/loop-a.md: symbolic link loop; point the link at a Markdown file`,
        `${PROJECT}/loop-b.md: symbolic link loop; point the link at a Markdown file`,
      ],
      (fs) => {
        fs.symlinkSync(`${PROJECT}/loop-b.md`, `${PROJECT}/loop-a.md`);
        fs.symlinkSync(`${PROJECT}/loop-a.md`, `${PROJECT}/loop-b.md`);
      },
    ));

  it("an unreadable file", () =>
    check(
      { [`${PROJECT}/secret.md`]: "x" },
      [`${PROJECT}/secret.md: cannot read: EACCES: failure`],
      undefined,
      { [`${PROJECT}/secret.md`]: "EACCES" },
    ));

  it("an unreadable source folder", async () => {
    const { fs } = setup({ [`${USER}/other.md`]: "x", [`${PROJECT}/a.md`]: "x" });
    const registry = registryOver(instrumented(fs, { [PROJECT]: "EACCES" }).fs);
    const listing = await registry.list();
    expect(rendered(listing)).toEqual([
      `${PROJECT}: cannot read the prompt folder: EACCES: failure`,
    ]);
    expect(names(listing)).toEqual(["other"]);
  });

  it("a source that is a file", async () => {
    const { registry } = setup({ "/ws/.codex/prompts": "not a folder", [`${USER}/other.md`]: "x" });
    const listing = await registry.list();
    expect(rendered(listing)).toEqual([
      `${PROJECT}: is not a folder: the prompts of this source must be Markdown files in a folder of this name`,
    ]);
    expect(names(listing)).toEqual(["other"]);
  });

  it("a file that is not UTF-8", () =>
    check({ [`${PROJECT}/latin1.md`]: new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]) }, [
      `${PROJECT}/latin1.md:1: the file is not valid UTF-8 (byte 0xe9 at line 1, byte 4 of the line); save it as UTF-8`,
    ]));

  it("a file over 1 MiB", () =>
    check({ [`${PROJECT}/huge.md`]: new Uint8Array(1024 * 1024 + 10).fill(0x61) }, [
      `${PROJECT}/huge.md: the file is 1048586 bytes (1.1 MiB), over the 1 MiB (1048576 bytes) limit for a Markdown prompt or command; shorten or split it`,
    ]));

  it("an unterminated frontmatter block", () =>
    check({ [`${PROJECT}/open.md`]: "---\ndescription: x\n\nBody" }, [
      `${PROJECT}/open.md:1: the frontmatter block opened by '---' on line 1 is never closed; add a line '---' after its last key`,
    ]));

  it("a YAML syntax error", () =>
    check({ [`${PROJECT}/yaml.md`]: '---\ndescription: ok\nargument-hint: "open\n---\nBody' }, [
      `${PROJECT}/yaml.md:3: YAML syntax error at column 21: Missing closing "quote`,
    ]));

  it("frontmatter that is not a mapping", () =>
    check({ [`${PROJECT}/list.md`]: "---\n- a\n---\nBody" }, [
      `${PROJECT}/list.md:2: the frontmatter must be a mapping of keys to values (like 'description: ...'), but it is a list`,
    ]));

  it("a field of the wrong type", () =>
    check({ [`${PROJECT}/typed.md`]: "---\ndescription: [a, b]\ncategory: testing\n---\n" }, [
      `${PROJECT}/typed.md:2: frontmatter field "description": expected a string, found a list`,
      `${PROJECT}/typed.md:3: frontmatter field "category": expected one of planning, execution, bugfix, discovery, analysis, brainstorm, cleanup, utility, found "testing"`,
    ]));
});

describe("CodexPromptRegistry: a broken project prompt", () => {
  it("keeps the user prompt of the same name out, and says why", async () => {
    const { registry } = setup({
      [`${PROJECT}/execute.md`]: "---\ncategory: nope\n---\n",
      [`${USER}/execute.md`]: "user copy",
    });
    const listing = await registry.list();
    expect(names(listing)).toEqual([]);
    expect(rendered(listing)).toEqual(
      [
        `${USER}/execute.md: not used: the project prompt ${PROJECT}/execute.md of the same name takes precedence, and it has errors (see its diagnostics)`,
        `${PROJECT}/execute.md:2: frontmatter field "category": expected one of planning, execution, bugfix, discovery, analysis, brainstorm, cleanup, utility, found "nope"`,
      ].sort(),
    );
  });
});

describe("CodexPromptRegistry: the built-in pack", () => {
  const BUILTIN = "/pkg/.codex/prompts";
  function withPack(tree: Tree) {
    const { fs } = memfs({ [WS]: null, [HOME]: null, [BUILTIN]: null });
    for (const [file, content] of Object.entries(tree)) {
      fs.mkdirSync(file.slice(0, file.lastIndexOf("/")), { recursive: true });
      fs.writeFileSync(file, content ?? "");
    }
    return new CodexPromptRegistry({
      workspace: WS,
      codexHome: HOME,
      builtinDir: BUILTIN,
      fs,
      now: later,
    });
  }

  it("is searched last: project, then CODEX_HOME, then the pack, each hiding the next", async () => {
    const registry = withPack({
      [`${BUILTIN}/a.md`]: "pack a",
      [`${BUILTIN}/b.md`]: "pack b",
      [`${BUILTIN}/c.md`]: "pack c",
      [`${USER}/b.md`]: "user b",
      [`${USER}/c.md`]: "user c",
      [`${PROJECT}/c.md`]: "project c",
    });
    const { prompts } = await registry.list();
    expect(prompts.map((p) => [p.name, p.source, p.body, p.shadows ?? null])).toEqual([
      ["a", "builtin", "pack a", null],
      ["b", "user", "user b", `${BUILTIN}/b.md`],
      ["c", "project", "project c", `${USER}/c.md`],
    ]);
  });

  it("a broken user prompt keeps the pack's copy out", async () => {
    const registry = withPack({
      [`${BUILTIN}/x.md`]: "pack x",
      [`${USER}/x.md`]: "---\ncategory: nope\n---\n",
    });
    const listing = await registry.list();
    expect(names(listing)).toEqual([]);
    expect(rendered(listing)).toContain(
      `${BUILTIN}/x.md: not used: the user prompt ${USER}/x.md of the same name takes precedence, and it has errors (see its diagnostics)`,
    );
  });

  it("is read once when it is the project's own folder (ccw's repository)", async () => {
    const { fs } = memfs({ [PROJECT]: null, [HOME]: null });
    fs.writeFileSync(`${PROJECT}/a.md`, "a");
    const registry = new CodexPromptRegistry({
      workspace: WS,
      codexHome: HOME,
      builtinDir: PROJECT,
      fs,
      now: later,
    });
    expect(registry.sources().map(([source]) => source)).toEqual(["project", "user"]);
    expect((await registry.list()).prompts.map((p) => p.source)).toEqual(["project"]);
  });
});

describe("CodexPromptRegistry.get and lookup", () => {
  it("finds a prompt by name or as Codex invoked it", async () => {
    const { registry } = setup({ [`${PROJECT}/review.md`]: "r" });
    expect((await registry.get("review"))?.path).toBe(`${PROJECT}/review.md`);
    expect((await registry.get("/prompts:review"))?.name).toBe("review");
    expect((await registry.get("prompts:review"))?.name).toBe("review");
    expect(await registry.get("missing")).toBeUndefined();
    expect(await registry.get("../review")).toBeUndefined();
  });

  it("returns the diagnostics of a broken file with that name", async () => {
    const { registry } = setup({ [`${PROJECT}/bad.md`]: "---\nx" });
    expect(await registry.lookup("bad")).toEqual({
      diagnostics: [
        {
          file: `${PROJECT}/bad.md`,
          line: 1,
          message:
            "the frontmatter block opened by '---' on line 1 is never closed; add a line '---' after its last key",
        },
      ],
    });
  });
});

describe("CodexPromptRegistry.lookup reads only the files of its name", () => {
  const tree: Tree = {
    [`${PROJECT}/plan.md`]: "---\ndescription: project plan\n---\nPlan $1\n",
    [`${USER}/plan.md`]: "user plan",
    [`${PROJECT}/fix.md`]: "---\nx",
    [`${USER}/fix.md`]: "user fix",
    [`${USER}/review.md`]: "---\ncategory: nonsense\n---\nReview\n",
    [`${PROJECT}/Notes.md`]: "not a valid name",
    [`${PROJECT}/docs.md`]: null,
    [`${USER}/clean.md`]: "clean",
  };

  it("says of every name what list() says of it", async () => {
    const { registry } = setup(tree);
    const listing = await setup(tree).registry.list();
    for (const name of ["plan", "fix", "review", "Notes", "docs", "clean", "missing"]) {
      const prompt = listing.prompts.find((candidate) => candidate.name === name);
      const diagnostics = listing.diagnostics.filter(
        (diagnostic) => diagnostic.file.split("/").pop() === `${name}.md`,
      );
      expect(await registry.lookup(name), name).toEqual(
        prompt ? { prompt, diagnostics } : { diagnostics },
      );
    }
  });

  it("opens no other file", async () => {
    const { fs } = setup(tree);
    const counted = instrumented(fs);
    const registry = registryOver(counted.fs);
    await registry.lookup("plan");
    expect(counted.opened).toEqual([`${PROJECT}/plan.md`, `${USER}/plan.md`]);
  });
});

describe("CodexPromptRegistry cache", () => {
  it("does not read unchanged files again", async () => {
    const { fs } = setup({ [`${PROJECT}/a.md`]: "a", [`${USER}/b.md`]: "b" });
    const counted = instrumented(fs);
    const registry = registryOver(counted.fs);
    const first = await registry.list();
    expect(counted.opened).toHaveLength(2);
    expect(await registry.list()).toEqual(first);
    expect(counted.opened).toHaveLength(2);
  });

  it("reads a file whole when it grew after its stat, and when it shrank", async () => {
    const grown = `---\ndescription: ${"long ".repeat(200)}\n---\nBody $1\n`;
    const { fs } = setup({ [`${PROJECT}/grown.md`]: grown, [`${PROJECT}/shrunk.md`]: "Short\n" });
    // The stat reports the size each file had a moment earlier.
    const stale: Record<string, number> = {
      [`${PROJECT}/grown.md`]: 10,
      [`${PROJECT}/shrunk.md`]: 4096,
    };
    const registry = registryOver({
      ...instrumented(fs).fs,
      statSync: (path) => {
        const stats = fs.statSync(path);
        const size = stale[path];
        return size === undefined ? stats : Object.assign(stats, { size });
      },
    });
    const listing = await registry.list();
    expect(listing.diagnostics).toEqual([]);
    const byName = new Map(listing.prompts.map((prompt) => [prompt.name, prompt]));
    expect(byName.get("grown")?.description).toBe("long ".repeat(200).trim());
    expect(byName.get("grown")?.body).toBe("Body $1\n");
    expect(byName.get("shrunk")?.body).toBe("Short\n");
  });

  it("reads a file again when its mtime or size changes, and sees added and removed files", async () => {
    const { fs } = setup({ [`${PROJECT}/a.md`]: "one", [`${PROJECT}/gone.md`]: "x" });
    const counted = instrumented(fs);
    const registry = registryOver(counted.fs);
    await registry.list();
    // memfs keeps millisecond mtimes: let one pass so the folder's mtime changes visibly
    // (the clock is shifted ahead, so the racy-mtime guard does not cover this).
    await new Promise((resolve) => setTimeout(resolve, 5));
    fs.writeFileSync(`${PROJECT}/a.md`, "a longer body");
    fs.writeFileSync(`${PROJECT}/new.md`, "new");
    fs.unlinkSync(`${PROJECT}/gone.md`);
    const listing = await registry.list();
    expect(listing.prompts.map((p) => [p.name, p.body])).toEqual([
      ["a", "a longer body"],
      ["new", "new"],
    ]);
    // Same size, new mtime: read again.
    fs.writeFileSync(`${PROJECT}/a.md`, "a LONGER body");
    fs.utimesSync(`${PROJECT}/a.md`, 2_000_000, 2_000_000);
    expect((await registry.get("a"))?.body).toBe("a LONGER body");
    expect(counted.opened.filter((file) => file.endsWith("/a.md"))).toHaveLength(3);
  });

  it("reads everything again after invalidate()", async () => {
    const { fs } = setup({ [`${PROJECT}/a.md`]: "a" });
    const counted = instrumented(fs);
    const registry = registryOver(counted.fs);
    await registry.list();
    registry.invalidate();
    await registry.list();
    expect(counted.opened).toEqual([`${PROJECT}/a.md`, `${PROJECT}/a.md`]);
  });

  it("does not trust an mtime younger than the racy window", async () => {
    const { fs } = setup({ [`${PROJECT}/a.md`]: "a" });
    let now = 0;
    fs.utimesSync(`${PROJECT}/a.md`, 100, 100);
    const counted = instrumented(fs);
    const registry = new CodexPromptRegistry({
      workspace: WS,
      codexHome: HOME,
      fs: counted.fs,
      now: () => now,
    });
    now = 101_000; // 1 s after the file's mtime: a same-tick rewrite could go unseen.
    await registry.list();
    await registry.list();
    expect(counted.opened).toHaveLength(2);
    now = 200_000; // Long after: the key is trusted from the next read on.
    await registry.list();
    await registry.list();
    expect(counted.opened).toHaveLength(3);
  });

  it("never throws, even when the file system fails in unexpected ways", async () => {
    const { fs } = setup({ [`${PROJECT}/a.md`]: "a", [`${USER}/b.md`]: "b" });
    const registry = registryOver(
      instrumented(fs, { [USER]: "EIO", [`${PROJECT}/a.md`]: "EIO" }).fs,
    );
    expect(rendered(await registry.list())).toEqual(
      [
        `${USER}: cannot read the prompt folder: EIO: failure`,
        `${PROJECT}/a.md: cannot read: EIO: failure`,
      ].sort(),
    );
  });
});
