// The completion scripts: each one's syntax checked by its own shell (`bash -n`, `zsh -n`,
// `fish -n`), then run the way the shell would, completing `coordinator`, option choices and
// the session ids of a workspace. A shell whose binary is missing is skipped, and the test's
// name says so (Debian: apt-get install zsh fish). The session ids come from the built ccw.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";
import { REPO_ROOT } from "../helpers/codex-e2e.js";

const CCW = path.join(REPO_ROOT, "ccw", "bin", "ccw.js");
const has = (shell: string) => spawnSync(shell, ["-c", "exit 0"]).status === 0;
const note = (shell: string) =>
  has(shell) ? "" : ` (skipped: no ${shell} binary on PATH; apt-get install ${shell})`;

let dir: string;
let sessionId: string;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ccw-completion-"));
  mkdirSync(path.join(dir, "bin"));
  symlinkSync(CCW, path.join(dir, "bin", "ccw"));
  for (const shell of ["bash", "zsh", "fish"]) {
    const result = await runCli(["completion", shell]);
    expect(result.code).toBe(0);
    scripts[shell] = path.join(dir, `ccw.${shell}`);
    writeFileSync(scripts[shell], result.stdout);
  }
  const planned = spawnSync(
    process.execPath,
    [CCW, "coordinator", "codex", "Add a button", "--plan-only", "--json"],
    {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, CODEX_HOME: path.join(dir, "codex-home"), NO_COLOR: "1" },
    },
  );
  expect(planned.status, planned.stderr).toBe(0);
  sessionId = JSON.parse(planned.stdout).session_id;
});

function shell(command: string, args: string[]) {
  // fish completes by command name: \`ccw\` on PATH is the built one.
  const env = {
    ...process.env,
    PATH: `${path.join(dir, "bin")}${path.delimiter}${process.env.PATH}`,
  };
  const result = spawnSync(command, args, { cwd: dir, encoding: "utf8", env });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return result.stdout;
}

describe("ccw completion", () => {
  it("refuses an unknown shell (exit 2)", async () => {
    const result = await runCli(["completion", "tcsh"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Allowed choices are bash, zsh, fish");
  });

  it.skipIf(!has("bash"))(
    `bash: valid syntax, completes commands, choices and sessions${note("bash")}`,
    () => {
      shell("bash", ["-n", scripts.bash ?? ""]);
      const complete = (words: string[]) =>
        shell("bash", [
          "-c",
          `source "$1"; COMP_WORDS=("$2" ${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length}; _ccw_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
          "_",
          scripts.bash ?? "",
          CCW,
        ])
          .trim()
          .split("\n");
      expect(complete(["coord"])).toEqual(["coordinator"]);
      expect(complete(["coordinator", "codex", "--depth", ""])).toEqual(["standard", "deep"]);
      expect(complete(["coordinator", "status", ""])).toContain(sessionId);
      expect(complete(["coordinator", "abort", "codex-"])).toEqual([sessionId]);
      expect(complete(["config", ""])).toEqual(expect.arrayContaining(["list", "get", "path"]));
    },
  );

  it.skipIf(!has("zsh"))(
    `zsh: valid syntax, completes commands, choices and sessions${note("zsh")}`,
    () => {
      shell("zsh", ["-n", scripts.zsh ?? ""]);
      // compadd and _describe exist only inside zsh's completion system: stand-ins print what
      // the script offers.
      const complete = (words: string[]) =>
        shell("zsh", [
          "-f",
          "-c",
          `compadd() { shift; print -rl -- "$@"; }; _describe() { print -rl -- "\${(@P)4%%:*}"; }; _files() { print files; }; source "$1"; words=("$2" ${words.map((w) => `'${w}'`).join(" ")}); CURRENT=${words.length + 1}; _ccw`,
          "_",
          scripts.zsh ?? "",
          CCW,
        ])
          .trim()
          .split("\n");
      expect(complete(["coord"])).toContain("coordinator");
      expect(complete(["coordinator", "codex", "--depth", ""])).toEqual(["standard", "deep"]);
      expect(complete(["coordinator", "resume", ""])).toContain(sessionId);
    },
  );

  it.skipIf(!has("fish"))(
    `fish: valid syntax, completes commands, choices and sessions${note("fish")}`,
    () => {
      shell("fish", ["-n", scripts.fish ?? ""]);
      const complete = (line: string) =>
        shell("fish", ["-c", `source ${scripts.fish}; complete -C 'ccw ${line}'`])
          .trim()
          .split("\n")
          .map((row) => row.split("\t")[0]);
      expect(complete("coord")).toEqual(["coordinator"]);
      expect(complete("coordinator codex --depth ")).toEqual(["deep", "standard"]);
      expect(complete("coordinator status ")).toContain(sessionId);
    },
  );
});
