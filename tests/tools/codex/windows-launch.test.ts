// Windows launch, proved without Windows: the resolution runs with path.win32 over a fake file
// system holding what npm writes there (the cmd-shim, Codex's launcher, the platform package).
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  cmdShimTarget,
  type LaunchFiles,
  windowsCodexLaunch,
} from "../../../ccw/src/tools/codex/windows-launch.js";

const win = path.win32;

/** npm's cmd-shim for `node_modules\@openai\codex\bin\codex.js` (npm 10/11). */
function cmdShim(script: string): string {
  return [
    "@ECHO off",
    "GOTO start",
    ":find_dp0",
    "SET dp0=%~dp0",
    "EXIT /b",
    ":start",
    "SETLOCAL",
    "CALL :find_dp0",
    "",
    'IF EXIST "%dp0%\\node.exe" (',
    '  SET "_prog=%dp0%\\node.exe"',
    ") ELSE (",
    '  SET "_prog=node"',
    "  SET PATHEXT=%PATHEXT:;.JS;=;%",
    ")",
    "",
    `endLocal & goto #_undefined_# 2>NUL || title %COMSPEC% & "%_prog%"  "%dp0%\\${script}" %*`,
    "",
  ].join("\r\n");
}

function fakeFiles(tree: Record<string, string>): LaunchFiles {
  const files = new Map(Object.entries(tree).map(([file, text]) => [win.normalize(file), text]));
  return {
    isFile: (file) => files.has(win.normalize(file)),
    readText: (file) => files.get(win.normalize(file)),
  };
}

const NODE = "C:\\Program Files\\nodejs\\node.exe";
const GLOBAL = "C:\\Users\\Ada Lovelace\\AppData\\Roaming\\npm";
const CODEX_PKG = `${GLOBAL}\\node_modules\\@openai\\codex`;
const LAUNCHER = `${CODEX_PKG}\\bin\\codex.js`;
const NATIVE_X64 = `${GLOBAL}\\node_modules\\@openai\\codex-win32-x64\\vendor\\x86_64-pc-windows-msvc\\bin\\codex.exe`;
const NESTED_ARM = `${CODEX_PKG}\\node_modules\\@openai\\codex-win32-arm64\\vendor\\aarch64-pc-windows-msvc\\codex\\codex.exe`;
const MANIFEST = '{"name": "@openai/codex"}';

describe("cmdShimTarget", () => {
  it.each([
    ["npm's cmd-shim", cmdShim("node_modules\\@openai\\codex\\bin\\codex.js"), LAUNCHER],
    [
      "an older shim with %~dp0",
      '@"%~dp0\\node_modules\\x\\cli.js" %*\r\n',
      `${GLOBAL}\\node_modules\\x\\cli.js`,
    ],
    ["a hand-written batch file", "@echo off\r\ncodex.exe %*\r\n", undefined],
  ])("%s", (_name, text, expected) => {
    expect(cmdShimTarget(`${GLOBAL}\\codex.cmd`, text)).toBe(expected);
  });
});

interface Case {
  name: string;
  bin: string;
  arch: string;
  tree: Record<string, string>;
  expected: Record<string, unknown>;
}

describe("windowsCodexLaunch", () => {
  const shim = cmdShim("node_modules\\@openai\\codex\\bin\\codex.js");
  it.each<Case>([
    {
      name: "the global codex.cmd (a path with spaces) → the vendored codex.exe of the x64 package",
      bin: `${GLOBAL}\\codex.cmd`,
      arch: "x64",
      tree: {
        [`${GLOBAL}\\codex.cmd`]: shim,
        [LAUNCHER]: "#!/usr/bin/env node",
        [`${CODEX_PKG}\\package.json`]: MANIFEST,
        [NATIVE_X64]: "MZ",
      },
      expected: {
        file: NATIVE_X64,
        args: [],
        env: { CODEX_MANAGED_PACKAGE_ROOT: CODEX_PKG, CODEX_MANAGED_BY_NPM: "1" },
        native: true,
      },
    },
    {
      name: "arm64, the package nested in @openai/codex, the older codex\\ layout",
      bin: `${GLOBAL}\\CODEX.CMD`,
      arch: "arm64",
      tree: {
        [`${GLOBAL}\\CODEX.CMD`]: shim,
        [LAUNCHER]: "",
        [`${CODEX_PKG}\\package.json`]: MANIFEST,
        [NESTED_ARM]: "MZ",
      },
      expected: { file: NESTED_ARM, args: [], native: true },
    },
    {
      name: "no native binary: Node runs the launcher script, no shell",
      bin: `${GLOBAL}\\codex.cmd`,
      arch: "x64",
      tree: {
        [`${GLOBAL}\\codex.cmd`]: shim,
        [LAUNCHER]: "",
        [`${CODEX_PKG}\\package.json`]: MANIFEST,
      },
      expected: { file: NODE, args: [LAUNCHER], env: {}, native: false },
    },
    {
      name: "a project's node_modules\\.bin\\codex.cmd",
      bin: "D:\\work\\my app\\node_modules\\.bin\\codex.cmd",
      arch: "x64",
      tree: {
        "D:\\work\\my app\\node_modules\\.bin\\codex.cmd": cmdShim(
          "..\\@openai\\codex\\bin\\codex.js",
        ),
        "D:\\work\\my app\\node_modules\\@openai\\codex\\bin\\codex.js": "",
        "D:\\work\\my app\\node_modules\\@openai\\codex\\package.json": MANIFEST,
        "D:\\work\\my app\\node_modules\\@openai\\codex-win32-x64\\vendor\\x86_64-pc-windows-msvc\\bin\\codex.exe":
          "MZ",
      },
      expected: {
        file: "D:\\work\\my app\\node_modules\\@openai\\codex-win32-x64\\vendor\\x86_64-pc-windows-msvc\\bin\\codex.exe",
        native: true,
      },
    },
    {
      name: "a shim of another package: Node runs its script",
      bin: `${GLOBAL}\\codex.cmd`,
      arch: "x64",
      tree: {
        [`${GLOBAL}\\codex.cmd`]: cmdShim("node_modules\\my-codex\\cli.mjs"),
        [`${GLOBAL}\\node_modules\\my-codex\\cli.mjs`]: "",
        [`${GLOBAL}\\node_modules\\package.json`]: '{"name": "my-codex"}',
      },
      expected: { file: NODE, args: [`${GLOBAL}\\node_modules\\my-codex\\cli.mjs`], native: false },
    },
    {
      name: "codex.exe given directly",
      bin: "C:\\tools\\codex.exe",
      arch: "x64",
      tree: { "C:\\tools\\codex.exe": "MZ" },
      expected: { file: "C:\\tools\\codex.exe", args: [], native: false },
    },
  ])("$name", ({ bin, arch, tree, expected }) => {
    expect(windowsCodexLaunch(bin, { arch, nodePath: NODE, files: fakeFiles(tree) })).toMatchObject(
      expected,
    );
  });

  it.each([
    ["a batch file that names no script", "@echo off\r\nC:\\codex\\codex.exe %*\r\n"],
    ["a shim whose script is gone", cmdShim("node_modules\\@openai\\codex\\bin\\codex.js")],
  ])("refuses %s rather than run it through cmd.exe", (_name, text) => {
    const bin = `${GLOBAL}\\codex.cmd`;
    const result = windowsCodexLaunch(bin, {
      arch: "x64",
      nodePath: NODE,
      files: fakeFiles({ [bin]: text }),
    });
    expect(result).toEqual({
      error: expect.stringContaining("ccw never starts one through cmd.exe"),
    });
  });
});
