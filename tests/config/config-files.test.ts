import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  loadConfigFiles,
  parseConfigText,
  projectSearchFolders,
  userConfigFile,
} from "../../ccw/src/config/config-files.js";
import { effectiveSettings } from "../../ccw/src/config/effective.js";
import { UsageError } from "../../ccw/src/errors.js";

const FILE = "/p/.ccwrc.json";

function problem(text: string): string {
  try {
    parseConfigText(FILE, text);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error("no error");
}

describe("parseConfigText", () => {
  it("reads every key", () => {
    const text = JSON.stringify({
      $schema: "x",
      coordinator: {
        timeout: "45m",
        max_retries: 2,
        max_repairs: 0,
        depth: "deep",
        model: "gpt-5",
        sandbox: "read-only",
        verify: ["npm test"],
        codex_bin: "bin/codex",
        allow_partial: true,
      },
    });
    expect(parseConfigText(FILE, text).coordinator?.timeout).toBe("45m");
    expect(parseConfigText(FILE, '{"coordinator": {"timeout": 90}}').coordinator?.timeout).toBe(90);
  });

  it.each([
    [
      '{"coordinator": {"timeout": "banana"}}',
      `${FILE}: coordinator.timeout: expected a duration such as "90s", "30m" or "2h" (a bare number is seconds), at most 24 days, found "banana"`,
    ],
    [
      '{"coordinator": {"timeout": "30d"}}',
      `${FILE}: coordinator.timeout: expected a duration such as "90s", "30m" or "2h" (a bare number is seconds), at most 24 days, found "30d"`,
    ],
    [
      '{"coordinator": {"tmeout": "30m"}}',
      `${FILE}: coordinator.tmeout: unknown key; the keys of coordinator are timeout, max_retries, max_repairs, depth, model, sandbox, verify, codex_bin, allow_partial`,
    ],
    [
      '{"timeout": "30m"}',
      `${FILE}: timeout: unknown key; the top-level keys are coordinator and $schema`,
    ],
    [
      '{"coordinator": {"max_retries": -1}}',
      `${FILE}: coordinator.max_retries: expected a whole number from 0 to 100, found -1`,
    ],
    [
      '{"coordinator": {"depth": "shallow"}}',
      `${FILE}: coordinator.depth: expected one of standard, deep, found "shallow"`,
    ],
    [
      '{"coordinator": {"verify": "npm test"}}',
      `${FILE}: coordinator.verify: expected a list of command lines, found "npm test"`,
    ],
    [
      '{"coordinator": {"allow_partial": "yes"}}',
      `${FILE}: coordinator.allow_partial: expected true or false, found "yes"`,
    ],
    [
      '{\n  "coordinator": {\n    "timeout": "30m",\n  }\n}',
      `${FILE}: not valid JSON at line 4, column 3: expected a property name in double quotes`,
    ],
    ['{"coordinator": ', `${FILE}: not valid JSON at line 1, column 17: the document ends early`],
    ["  \n", `${FILE}: the file is empty; expected a JSON object`],
  ])("%j → one message naming file, key and expectation", (text, message) => {
    expect(problem(text)).toBe(message);
  });
});

describe("where the files are", () => {
  it("finds the user file under XDG_CONFIG_HOME, else ~/.config", () => {
    expect(userConfigFile({ XDG_CONFIG_HOME: "/xdg" }, "/home/u")).toBe(
      "/xdg/ccw-codex/config.json",
    );
    expect(userConfigFile({}, "/home/u")).toBe("/home/u/.config/ccw-codex/config.json");
    expect(userConfigFile({ XDG_CONFIG_HOME: "relative" }, "/home/u")).toBe(
      "/home/u/.config/ccw-codex/config.json",
    );
  });

  it("searches from the workspace up to the repository root, or only the workspace", () => {
    const repo = (file: string) => file === "/r/.git";
    expect(projectSearchFolders("/r/a/b", repo)).toEqual(["/r/a/b", "/r/a", "/r"]);
    expect(projectSearchFolders("/x/y", () => false)).toEqual(["/x/y"]);
  });

  it("loads the nearest project file up to the repository and the user file, with precedence", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "ccw-config-"));
    const repo = path.join(root, "repo");
    const ws = path.join(repo, "packages", "app");
    mkdirSync(path.join(repo, ".git"), { recursive: true });
    mkdirSync(ws, { recursive: true });
    // Above the repository: never read.
    writeFileSync(path.join(root, ".ccwrc.json"), '{"coordinator": {"model": "outside"}}');
    writeFileSync(
      path.join(repo, ".ccwrc.json"),
      '{"coordinator": {"timeout": "45m", "codex_bin": "tools/codex"}}',
    );
    const xdg = path.join(root, "xdg");
    mkdirSync(path.join(xdg, "ccw-codex"), { recursive: true });
    writeFileSync(
      path.join(xdg, "ccw-codex", "config.json"),
      '{"coordinator": {"timeout": "2h", "max_retries": 3}}',
    );
    const files = await loadConfigFiles(ws, { XDG_CONFIG_HOME: xdg }, root);
    expect(files.project?.file).toBe(path.join(repo, ".ccwrc.json"));
    expect(files.user?.file).toBe(path.join(xdg, "ccw-codex", "config.json"));
    const settings = effectiveSettings(files, { "coordinator.max_retries": 0 });
    expect(settings["coordinator.timeout"]).toMatchObject({ value: "45m", source: "project" });
    expect(settings["coordinator.max_retries"]).toMatchObject({ value: 0, source: "flag" });
    expect(settings["coordinator.model"]).toMatchObject({ value: undefined, source: "default" });
    expect(settings["coordinator.codex_bin"]).toMatchObject({
      value: path.join(repo, "tools", "codex"),
      source: "project",
    });
    expect(settings["coordinator.max_repairs"]).toMatchObject({ value: 1, source: "default" });
    const fromEnv = effectiveSettings(files, {}, { CCW_CODEX_BIN: "/env/codex" });
    expect(fromEnv["coordinator.codex_bin"]).toMatchObject({ value: "/env/codex", source: "env" });
    const userOnly = effectiveSettings({ project: undefined, user: files.user });
    expect(userOnly["coordinator.timeout"]).toMatchObject({ value: "2h", source: "user" });
    expect(existsSync(path.join(ws, ".workflow"))).toBe(false);
  });
});
