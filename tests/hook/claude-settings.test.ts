import { describe, expect, it } from "vitest";
import { mergeClaudeSettings } from "../../ccw/src/hook/claude-settings.js";

const OURS = {
  sessionStart: {
    hooks: [{ type: "command", command: "ccw hook session-context", timeout: 10 }],
  },
  statusLine: { type: "command", command: "ccw hook statusline", refreshInterval: 2 },
};

/** The PostToolUse group that earlier versions of `ccw hook install` wrote. */
const LEGACY = {
  matcher: "Write|Edit|MultiEdit",
  hooks: [{ type: "command", command: "ccw hook parse-status --stdin" }],
};

const json = (value: unknown, indent: string | number = 2) =>
  `${JSON.stringify(value, null, indent)}\n`;

describe("mergeClaudeSettings", () => {
  it("creates the settings when there is no file: a SessionStart hook and the statusLine", () => {
    const merge = mergeClaudeSettings(undefined, "settings.json");
    expect(merge.changed).toBe(true);
    expect(JSON.parse(merge.text)).toEqual({
      hooks: { SessionStart: [OURS.sessionStart] },
      statusLine: OURS.statusLine,
    });
    expect(merge.changes.map((change) => change.kind)).toEqual(["hook-added", "status-line-added"]);
  });

  it("keeps every setting and hook of the user, in their order, and appends its own", () => {
    const user = {
      model: "opus",
      permissions: { allow: ["Bash(npm test)"] },
      hooks: {
        PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "audit.sh" }] }],
        PostToolUse: [
          {
            matcher: "Write|Edit",
            hooks: [{ type: "command", command: "prettier --write", timeout: 30 }],
          },
        ],
        SessionStart: [{ hooks: [{ type: "command", command: "echo hi" }] }],
        Stop: [{ hooks: [{ type: "command", command: "notify.sh" }] }],
      },
      env: { FOO: "1" },
    };
    const merge = mergeClaudeSettings(json(user), "settings.json");
    const merged = JSON.parse(merge.text);
    expect(merged).toEqual({
      ...user,
      hooks: {
        ...user.hooks,
        SessionStart: [...user.hooks.SessionStart, OURS.sessionStart],
      },
      statusLine: OURS.statusLine,
    });
    expect(Object.keys(merged)).toEqual(["model", "permissions", "hooks", "env", "statusLine"]);
    expect(Object.keys(merged.hooks)).toEqual([
      "PreToolUse",
      "PostToolUse",
      "SessionStart",
      "Stop",
    ]);
  });

  it("changes nothing on a second run", () => {
    const first = mergeClaudeSettings(json({ model: "opus" }), "settings.json");
    const second = mergeClaudeSettings(first.text, "settings.json");
    expect(second).toMatchObject({ changed: false, text: first.text });
    expect(second.changes.map((change) => change.kind)).toEqual([
      "hook-present",
      "status-line-present",
    ]);
  });

  it("removes the PostToolUse group an earlier ccw wrote, and nothing else", () => {
    const user = {
      hooks: {
        PostToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "log.sh" }] }, LEGACY],
      },
      statusLine: OURS.statusLine,
    };
    const merge = mergeClaudeSettings(json(user), "settings.json");
    expect(JSON.parse(merge.text)).toEqual({
      hooks: { PostToolUse: [user.hooks.PostToolUse[0]], SessionStart: [OURS.sessionStart] },
      statusLine: OURS.statusLine,
    });
    expect(merge.changes[0]).toEqual({
      kind: "legacy-hook-removed",
      command: "ccw hook parse-status --stdin",
      matcher: "Write|Edit|MultiEdit",
    });
    // The group was the only PostToolUse entry: the key goes too.
    const alone = JSON.parse(
      mergeClaudeSettings(json({ hooks: { PostToolUse: [LEGACY] } }), "s").text,
    );
    expect(alone.hooks).toEqual({ SessionStart: [OURS.sessionStart] });
  });

  it("adds the refresh interval to the statusLine of an earlier install", () => {
    const earlier = json({ statusLine: { type: "command", command: "ccw hook statusline" } });
    const merge = mergeClaudeSettings(earlier, "settings.json");
    expect(JSON.parse(merge.text).statusLine).toEqual(OURS.statusLine);
    expect(merge.changes).toContainEqual({
      kind: "status-line-refresh-added",
      command: "ccw hook statusline",
      seconds: 2,
    });
  });

  it("keeps the user's own hooks that share the old matcher group, and their parse-status elsewhere", () => {
    const user = {
      hooks: {
        PostToolUse: [
          {
            matcher: "Write|Edit|MultiEdit",
            hooks: [
              { type: "command", command: "prettier --write" },
              { type: "command", command: "node /opt/ccw/bin/ccw.js hook parse-status --stdin" },
            ],
          },
          {
            matcher: "Bash",
            hooks: [{ type: "command", command: "ccw hook parse-status --stdin" }],
          },
          { matcher: "Write", hooks: [{ type: "command", command: "myccw hook parse-status" }] },
        ],
      },
    };
    const merged = JSON.parse(mergeClaudeSettings(json(user), "settings.json").text);
    expect(merged.hooks.PostToolUse).toEqual([
      {
        matcher: "Write|Edit|MultiEdit",
        hooks: [{ type: "command", command: "prettier --write" }],
      },
      user.hooks.PostToolUse[1],
      user.hooks.PostToolUse[2],
    ]);
  });

  it("recognises its SessionStart hook however ccw is started", () => {
    const existing = json({
      hooks: {
        SessionStart: [
          {
            matcher: "startup",
            hooks: [{ type: "command", command: "node /opt/ccw/bin/ccw.js hook session-context" }],
          },
        ],
      },
      statusLine: { type: "command", command: "npx ccw hook statusline", refreshInterval: 5 },
    });
    const merge = mergeClaudeSettings(existing, "settings.json");
    expect(merge).toMatchObject({ changed: false, text: existing });
    expect(merge.changes).toEqual([
      {
        kind: "hook-present",
        event: "SessionStart",
        command: "node /opt/ccw/bin/ccw.js hook session-context",
      },
      { kind: "status-line-present", command: "npx ccw hook statusline" },
    ]);
  });

  it("reports a statusLine that runs another command and keeps it, unless forced", () => {
    const existing = json({
      statusLine: { type: "command", command: "~/.claude/statusline.sh", padding: 0 },
    });
    const kept = mergeClaudeSettings(existing, "settings.json");
    expect(kept.changes).toContainEqual({
      kind: "status-line-conflict",
      command: "ccw hook statusline",
      existing: "~/.claude/statusline.sh",
    });
    expect(JSON.parse(kept.text).statusLine.command).toBe("~/.claude/statusline.sh");

    const forced = mergeClaudeSettings(existing, "settings.json", { force: true });
    expect(JSON.parse(forced.text).statusLine).toEqual(OURS.statusLine);
    expect(forced.changes).toContainEqual({
      kind: "status-line-replaced",
      command: "ccw hook statusline",
      previous: "~/.claude/statusline.sh",
    });
  });

  it("leaves the statusLine alone with statusLine: false", () => {
    const existing = json({ statusLine: { type: "command", command: "mine.sh" } });
    const merge = mergeClaudeSettings(existing, "settings.json", { statusLine: false });
    expect(merge.changes.map((change) => change.kind)).toEqual(["hook-added"]);
    expect(JSON.parse(merge.text).statusLine.command).toBe("mine.sh");
  });

  it("uses the given way of starting ccw", () => {
    const merge = mergeClaudeSettings(undefined, "settings.json", {
      ccw: "node /opt/ccw/bin/ccw.js",
    });
    expect(JSON.parse(merge.text)).toMatchObject({
      hooks: {
        SessionStart: [{ hooks: [{ command: "node /opt/ccw/bin/ccw.js hook session-context" }] }],
      },
      statusLine: { command: "node /opt/ccw/bin/ccw.js hook statusline" },
    });
  });

  it("keeps the file's indentation", () => {
    const merge = mergeClaudeSettings(json({ model: "opus" }, 4), "settings.json");
    expect(merge.text).toMatch(/^\{\n {4}"model": "opus",\n {4}"hooks": \{\n {8}"SessionStart"/);
    expect(mergeClaudeSettings(json({ model: "opus" }, "\t"), "settings.json").text).toMatch(
      /^\{\n\t"model"/,
    );
  });

  it.each([
    ["a stray character", "{\n  x\n}", "(line 2, column 3)"],
    ["a byte order mark", "\uFEFF{}", "it starts with a byte order mark (U+FEFF)"],
    ["a cut file", '{ "hooks": ', "(line 1, column 12)"],
  ])("says where JSON with %s breaks", (_name, text, fragment) => {
    expect(() => mergeClaudeSettings(text, "s.json")).toThrow(fragment);
  });

  it("reads comments and trailing commas, and keeps them when it edits the file", () => {
    const text = '{\n  // my model\n  "model": "opus", /* why */\n  "env": {"A": "1",},\n}\n';
    const merged = mergeClaudeSettings(text, "s.json");
    expect(merged.changed).toBe(true);
    expect(merged.text).toContain("// my model");
    expect(merged.text).toContain("/* why */");
    expect(merged.text).toContain('"model": "opus"');
    const again = mergeClaudeSettings(merged.text, "s.json");
    expect(again.changed).toBe(false);
    expect(again.changes.map((change) => change.kind)).toEqual([
      "hook-present",
      "status-line-present",
    ]);
  });

  it("recognises its own hooks when they start ccw as npx ccw-codex", () => {
    const first = mergeClaudeSettings(undefined, "s.json", { ccw: "npx ccw-codex" });
    expect(first.text).toContain("npx ccw-codex hook session-context");
    const again = mergeClaudeSettings(first.text, "s.json");
    expect(again.changed).toBe(false);
  });

  it("treats an empty file as empty settings", () => {
    expect(JSON.parse(mergeClaudeSettings("  \n", "settings.json").text)).toHaveProperty(
      "statusLine",
    );
  });

  it.each([
    ["text that is not JSON", '{ "hooks": ', /^s\.json is not valid JSON: /],
    ["a list", "[]", /^s\.json does not have Claude Code's settings shape: \(top level\): /],
    ["hooks that are not an object", json({ hooks: "yes" }), /hooks: /],
    [
      "PostToolUse that is not a list",
      json({ hooks: { PostToolUse: { matcher: "Write" } } }),
      /hooks\.PostToolUse: /,
    ],
    [
      "a matcher group without hooks",
      json({ hooks: { PostToolUse: [{ matcher: "Write" }] } }),
      /hooks\.PostToolUse\.0\.hooks: /,
    ],
  ])("refuses %s with an invalid-data error", (_name, text, message) => {
    let caught: unknown;
    try {
      mergeClaudeSettings(text, "s.json");
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      name: "InvalidDataError",
      exitCode: 65,
      message: expect.stringMatching(message),
    });
  });
});
