/**
 * The /codex-coordinator slash command (.claude/commands/codex-coordinator.md) as Claude Code
 * will use it: parsed by the CommandRegistry, with a minimal tool surface, and naming only
 * commands, options and files that exist in this project.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildProgram } from "../../ccw/src/cli.js";
import { RUNNER_FILE, RUNNER_LOG } from "../../ccw/src/coordinator/runner-record.js";
import { SESSIONS_DIR, sessionFiles, stepFiles } from "../../ccw/src/coordinator/session-paths.js";
import { UNITS } from "../../ccw/src/coordinator/units.js";
import { SESSION_STATUSES } from "../../ccw/src/session/status.js";
import { CodexPromptRegistry } from "../../ccw/src/tools/codex-prompt-registry.js";
import { CommandRegistry } from "../../ccw/src/tools/command-registry.js";
import { testContext } from "../helpers/cli-context.js";
import { ccwInvocations, checkInvocation, fileReferences, tableAfter } from "./command-refs.js";
import { loadPack, REPO_ROOT, relativeTo } from "./pack.js";

const FILE = path.join(REPO_ROOT, ".claude", "commands", "codex-coordinator.md");
const TEXT = readFileSync(FILE, "utf8");
const BODY = TEXT.slice(TEXT.indexOf("\n---", 3) + 4);

const emptyHome = mkdtempSync(path.join(tmpdir(), "ccw-slash-home-"));
afterAll(() => rmSync(emptyHome, { recursive: true, force: true }));

function program() {
  const { ctx } = testContext({ cwd: REPO_ROOT, homedir: emptyHome });
  return buildProgram({ ctx, setExitCode: () => {} });
}

describe("/codex-coordinator through the CommandRegistry", () => {
  it("is found as /codex-coordinator with its frontmatter, and no diagnostics", async () => {
    const registry = new CommandRegistry({ workspace: REPO_ROOT, homedir: emptyHome });
    const listing = await registry.list();
    expect(listing.diagnostics).toEqual([]);
    const command = await registry.get("codex-coordinator");
    expect(command).toMatchObject({ name: "/codex-coordinator", source: "project" });
    expect(command?.description).toMatch(/\S{10,}/);
    expect(command?.argumentHint).toContain("<intent>");
  });

  it("allows exactly the tools it needs: ccw coordinator, ccw hook, Read, AskUserQuestion", async () => {
    const registry = new CommandRegistry({ workspace: REPO_ROOT, homedir: emptyHome });
    const command = await registry.get("codex-coordinator");
    expect(command?.allowedTools).toEqual([
      "Bash(ccw coordinator:*)",
      "Bash(ccw hook:*)",
      "Read",
      "AskUserQuestion",
    ]);
  });
});

describe("what /codex-coordinator names", () => {
  const invocations = ccwInvocations(BODY);

  it("mentions the commands it documents", () => {
    const named = new Set(invocations.map((i) => i.words.slice(0, 2).join(" ")));
    for (const command of [
      "coordinator codex",
      "coordinator resume",
      "coordinator wait",
      "coordinator status",
      "coordinator list",
      "coordinator abort",
      "hook parse-status",
      "hook statusline",
      "hook install",
    ]) {
      expect(named).toContain(command);
    }
  });

  it("names only ccw commands and options that exist", () => {
    const cli = program();
    expect(invocations.flatMap((invocation) => checkInvocation(cli, invocation))).toEqual([]);
  });

  it("runs only what allowed-tools permits, through one execution surface", () => {
    const runnable = invocations.filter((invocation) => invocation.runnable);
    expect(runnable.length).toBeGreaterThan(0);
    for (const invocation of runnable) {
      expect(invocation.words[0], invocation.source).toMatch(/^(coordinator|hook)$/);
    }
    const planned = runnable.filter((i) => i.words[1] === "codex");
    for (const invocation of planned) expect(invocation.words).toContain("--plan-only");
    expect(planned.flatMap((i) => i.words)).not.toContain("--yes");
    // The run goes to a background process, then `wait` stays under the Bash tool's 2 minutes.
    expect(
      runnable.some((i) => i.words.join(" ") === "coordinator resume <session-id> --detach"),
    ).toBe(true);
    const waits = runnable.filter((i) => i.words[1] === "wait");
    expect(waits.length).toBeGreaterThan(0);
    for (const invocation of waits) {
      const timeout = invocation.words[invocation.words.indexOf("--timeout") + 1] ?? "";
      expect(Number(/^(\d+)s$/.exec(timeout)?.[1]), invocation.source).toBeLessThan(120);
    }
  });

  it("names only files that exist: in the repository, in a session folder, or written by the pack", () => {
    const sessionNames = new Set<string>();
    const add = (file: string) => sessionNames.add(path.basename(file));
    for (const file of Object.values(sessionFiles("/s"))) add(file);
    for (const file of Object.values(stepFiles("/s", 0, "lite-plan-a"))) add(file);
    add(RUNNER_FILE);
    add(RUNNER_LOG);
    const packWrites = new Set(
      loadPack().flatMap((prompt) =>
        prompt.writes.map((entry) => relativeTo(entry, "ARTIFACT_DIR")),
      ),
    );
    const settingsCode = readFileSync(
      path.join(REPO_ROOT, "ccw", "src", "hook", "claude-settings.ts"),
      "utf8",
    );
    const prompts = new CodexPromptRegistry({ workspace: REPO_ROOT, codexHome: emptyHome });
    const unknown = fileReferences(BODY).filter((ref) => {
      const bare = ref.replace(/\/$/, "");
      if (
        ref === ".workflow/.codex-coordinator/" ||
        ref.startsWith(".workflow/.codex-coordinator/<session-id>/")
      ) {
        const last = path.basename(bare);
        return !(
          last === ".codex-coordinator" ||
          last === "<session-id>" ||
          sessionNames.has(last)
        );
      }
      if (ref === "steps/<NN>-<prompt>/" || ref === "artifacts/") return false;
      if (`${SESSIONS_DIR}/`.startsWith(ref)) return false;
      if (ref === `${path.basename(prompts.userDir)}/`) return false;
      if (sessionNames.has(bare)) return false;
      if (packWrites.has(bare)) return false;
      if (/^(~\/)?\.claude\/settings\.json$/.test(ref))
        return !settingsCode.includes("settings.json");
      return bare.includes("<") || !existsSync(path.join(REPO_ROOT, bare));
    });
    expect(unknown).toEqual([]);
  });

  it("lists exactly the session status values of the state schema", () => {
    const statuses = tableAfter(BODY, "Status values").map((row) => row[0]?.replaceAll("`", ""));
    expect(statuses).toEqual([...SESSION_STATUSES]);
  });

  it("lists exactly the unit catalog, with each unit's steps", () => {
    const rows = tableAfter(BODY, "Available Codex Commands (Discovery)").map((row) => [
      row[0]?.replaceAll("`", ""),
      row[1],
      row[2]?.split(" → "),
    ]);
    expect(rows).toEqual(UNITS.map((unit) => [unit.id, unit.name, [...unit.steps]]));
  });

  it("has the headings other documents point at", () => {
    for (const heading of [
      "# Codex Coordinator Command",
      "## Command Invocation Format",
      "## State File Structure",
      "## Available Codex Commands (Discovery)",
    ]) {
      expect(BODY.split("\n")).toContain(heading);
    }
  });
});
