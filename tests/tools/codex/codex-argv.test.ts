import { describe, expect, it } from "vitest";
import {
  buildCodexExecArgv,
  type CodexCapabilities,
  type CodexExecRequest,
  codexFlagOfToken,
  guardedFlagsOf,
} from "../../../ccw/src/tools/codex/codex-argv.js";
import { CODEX_EXEC_FLAGS } from "../../../ccw/src/tools/codex/codex-flags.js";

const ALWAYS = ["--json", "--skip-git-repo-check", "--color", "never"];
const THREAD = "01a1fbf2-ff82-72f2-8c05-098a1ba3504f";

describe("buildCodexExecArgv: one row per request field", () => {
  const rows: [string, CodexExecRequest, string[]][] = [
    ["nothing but the prompt on stdin", {}, []],
    ["cd", { cd: "/work/project" }, ["-C", "/work/project"]],
    ["sandbox read-only", { sandbox: "read-only" }, ["-s", "read-only"]],
    ["sandbox workspace-write", { sandbox: "workspace-write" }, ["-s", "workspace-write"]],
    ["sandbox danger-full-access", { sandbox: "danger-full-access" }, ["-s", "danger-full-access"]],
    ["model", { model: "gpt-5-codex" }, ["-m", "gpt-5-codex"]],
    ["profile", { profile: "ci" }, ["-p", "ci"]],
    ["one image", { images: ["a.png"] }, ["--image=a.png"]],
    [
      "images (variadic: always --image=)",
      { images: ["a.png", "b c.png"] },
      ["--image=a.png", "--image=b c.png"],
    ],
    ["one add-dir", { addDirs: ["/tmp/a"] }, ["--add-dir", "/tmp/a"]],
    ["add-dirs", { addDirs: ["/a", "/b"] }, ["--add-dir", "/a", "--add-dir", "/b"]],
    ["output schema", { outputSchema: "schema.json" }, ["--output-schema", "schema.json"]],
    ["output last message", { outputLastMessage: "/tmp/last.md" }, ["-o", "/tmp/last.md"]],
    [
      "config overrides, in order, values untouched",
      { config: ['model_reasoning_effort="high"', "sandbox_workspace_write.network_access=true"] },
      ["-c", 'model_reasoning_effort="high"', "-c", "sandbox_workspace_write.network_access=true"],
    ],
    ["enable", { enable: ["web_search_request"] }, ["--enable", "web_search_request"]],
    ["disable", { disable: ["a", "b"] }, ["--disable", "a", "--disable", "b"]],
    ["ephemeral", { ephemeral: true }, ["--ephemeral"]],
    ["ephemeral false emits nothing", { ephemeral: false }, []],
    [
      "empty lists emit nothing",
      { images: [], addDirs: [], config: [], enable: [], disable: [] },
      [],
    ],
    ["a value starting with - uses --long=value", { model: "-weird" }, ["--model=-weird"]],
  ];

  it.each(rows)("%s", (_name, request, flags) => {
    expect(buildCodexExecArgv(request)).toEqual(["exec", ...ALWAYS, ...flags, "-"]);
  });

  it("puts every exec flag before `resume`, then the thread id, then -", () => {
    expect(
      buildCodexExecArgv({ model: "m", sandbox: "read-only", resume: { threadId: THREAD } }),
    ).toEqual(["exec", ...ALWAYS, "-s", "read-only", "-m", "m", "resume", THREAD, "-"]);
  });

  it("resume --last: the flag goes after `resume`", () => {
    expect(buildCodexExecArgv({ images: ["x.png"], resume: { last: true } })).toEqual([
      "exec",
      ...ALWAYS,
      "--image=x.png",
      "resume",
      "--last",
      "-",
    ]);
  });

  it("emits every field at once in the table's order", () => {
    expect(
      buildCodexExecArgv({
        ephemeral: true,
        disable: ["d"],
        enable: ["e"],
        config: ["k=v"],
        outputLastMessage: "o.md",
        outputSchema: "s.json",
        addDirs: ["/a"],
        images: ["i.png"],
        profile: "p",
        model: "m",
        sandbox: "workspace-write",
        cd: "/w",
      }),
    ).toEqual([
      "exec",
      ...ALWAYS,
      "-C",
      "/w",
      "-s",
      "workspace-write",
      "-m",
      "m",
      "-p",
      "p",
      "--image=i.png",
      "--add-dir",
      "/a",
      "--output-schema",
      "s.json",
      "-o",
      "o.md",
      "-c",
      "k=v",
      "--enable",
      "e",
      "--disable",
      "d",
      "--ephemeral",
      "-",
    ]);
  });

  it("never emits --full-auto, and never the prompt", () => {
    const argv = buildCodexExecArgv({ sandbox: "workspace-write", model: "m" });
    expect(argv).not.toContain("--full-auto");
    expect(argv.at(-1)).toBe("-");
  });

  it("every token it emits maps back to a flag of the table", () => {
    const argv = buildCodexExecArgv({
      cd: "/w",
      images: ["a.png"],
      model: "-x",
      config: ["a=b"],
      resume: { last: true },
    });
    const flagTokens = argv.filter((token) => token.startsWith("-") && token !== "-");
    expect(flagTokens.map(codexFlagOfToken)).toEqual([
      "json",
      "skipGitRepoCheck",
      "color",
      "cd",
      "model",
      "images",
      "config",
      "last",
    ]);
    expect(codexFlagOfToken("--full-auto")).toBeUndefined();
  });
});

describe("buildCodexExecArgv: invalid requests", () => {
  const rows: [string, CodexExecRequest, string][] = [
    ["an empty model", { model: " " }, "model is empty"],
    ["a NUL in a path", { cd: "a\0b" }, "cd contains a NUL byte"],
    [
      "an unknown sandbox",
      { sandbox: "yolo" as never },
      'sandbox must be one of read-only, workspace-write, danger-full-access (got "yolo")',
    ],
    [
      "a config without =",
      { config: ["model"] },
      'config[0] must look like key=value (a dotted key, then =), got "model"',
    ],
    [
      "a config that looks like a flag",
      { config: ["--x=1"] },
      'config[0] must look like key=value (a dotted key, then =), got "--x=1"',
    ],
    [
      "a feature with spaces",
      { enable: ["two words"] },
      'enable[0] must be a feature name such as web_search_request, got "two words"',
    ],
    [
      "a thread id that looks like a flag",
      { resume: { threadId: "--last" } },
      'resume.threadId must be a thread id such as 01a1fbf2-ff82-72f2-8c05-098a1ba3504f, got "--last"',
    ],
    ["an empty image", { images: ["ok.png", ""] }, "images[1] is empty"],
  ];

  it.each(rows)("%s", (_name, request, message) => {
    expect(() => buildCodexExecArgv(request)).toThrow(`invalid Codex request: ${message}`);
  });

  it("lists every problem at once", () => {
    expect(() =>
      buildCodexExecArgv({ model: "", profile: "", config: ["x"] }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: invalid Codex request: model is empty; profile is empty; config[0] must look like key=value (a dotted key, then =), got "x"]`,
    );
  });
});

describe("buildCodexExecArgv: capabilities of the installed Codex", () => {
  const current: CodexCapabilities = {
    flags: new Set(
      Object.values(CODEX_EXEC_FLAGS)
        .filter((spec) => spec.position === "exec")
        .map((spec) => spec.long),
    ),
    resumeFlags: new Set(["--last"]),
    resume: true,
    version: "0.169.0",
  };

  it("builds the same argv when every flag is there", () => {
    const request: CodexExecRequest = { addDirs: ["/a"], ephemeral: true, resume: { last: true } };
    expect(buildCodexExecArgv(request, current)).toEqual(buildCodexExecArgv(request));
  });

  it("refuses a guarded flag the installed Codex lacks, naming the flag and the version", () => {
    const old: CodexCapabilities = {
      ...current,
      flags: new Set(
        [...current.flags].filter((flag) => flag !== "--ephemeral" && flag !== "--add-dir"),
      ),
      version: "0.40.0",
    };
    expect(() =>
      buildCodexExecArgv({ ephemeral: true, addDirs: ["/a"] }, old),
    ).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: the installed Codex 0.40.0 does not support --add-dir, --ephemeral, which this request needs]`,
    );
    // A request that does not need them still runs.
    expect(buildCodexExecArgv({ model: "m" }, old)).toContain("-m");
  });

  it("refuses resume --last when `exec resume` lacks it, and resume when there is no subcommand", () => {
    expect(() =>
      buildCodexExecArgv({ resume: { last: true } }, { ...current, resumeFlags: new Set() }),
    ).toThrow("does not support --last");
    expect(() =>
      buildCodexExecArgv(
        { resume: { threadId: THREAD } },
        { ...current, resume: false, version: "0.20.0" },
      ),
    ).toThrow("the installed Codex 0.20.0 does not support resume (subcommand)");
  });
});

describe("guardedFlagsOf: which requests need a probe first", () => {
  it.each([
    [{}, []],
    [{ sandbox: "workspace-write", model: "m", images: ["a.png"], config: ["a=b"] }, []],
    [{ resume: { last: true } }, []],
    [{ addDirs: ["/a"], ephemeral: true }, ["--add-dir", "--ephemeral"]],
    [
      { outputSchema: "s.json", enable: ["x"], disable: ["y"] },
      ["--output-schema", "--enable", "--disable"],
    ],
    [{ addDirs: [], ephemeral: false }, []],
  ] as [CodexExecRequest, string[]][])("%j → %j", (request, flags) => {
    expect(guardedFlagsOf(request)).toEqual(flags);
  });
});

describe("the flag table", () => {
  it("has no --full-auto, and every short form is a single dash and letter", () => {
    for (const spec of Object.values(CODEX_EXEC_FLAGS)) {
      expect(spec.long).not.toBe("--full-auto");
      if ("short" in spec) expect(spec.short).toMatch(/^-[A-Za-z]$/);
    }
  });
});
