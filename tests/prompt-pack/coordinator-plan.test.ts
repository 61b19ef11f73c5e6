/**
 * The pack as the coordinator uses it: every unit of the catalog plans with the pack (so every
 * prompt exists and expands with the coordinator's own bindings), and the text each step would
 * send to Codex has no placeholder left.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as z from "zod";
import {
  BINDING_NAMES,
  expandForStep,
  type PlannablePrompt,
  stepBindings,
} from "../../ccw/src/coordinator/plan.js";
import { UNITS } from "../../ccw/src/coordinator/units.js";
import { listPlaceholders } from "../../ccw/src/tools/registry/prompt-expansion.js";
import { runCli } from "../helpers/cli-context.js";
import { loadPack, REPO_ROOT } from "./pack.js";

const workspace = mkdtempSync(path.join(tmpdir(), "ccw-pack-ws-"));
const codexHome = mkdtempSync(path.join(tmpdir(), "ccw-pack-home-"));
cpSync(path.join(REPO_ROOT, ".codex", "prompts"), path.join(workspace, ".codex", "prompts"), {
  recursive: true,
});
afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(codexHome, { recursive: true, force: true });
});

const pack = new Map(loadPack().map((prompt) => [prompt.name, prompt]));

const PlannedState = z.object({
  status: z.literal("planned"),
  command_chain: z.array(z.object({ command: z.string(), args: z.record(z.string(), z.string()) })),
});

describe("the coordinator plans every unit with the pack", () => {
  it("binds the six names of the contract (shared/specs/coordinator.md §5)", () => {
    expect([...BINDING_NAMES]).toEqual([
      "TASK",
      "SESSION_DIR",
      "ARTIFACT_DIR",
      "PREV_ARTIFACT_DIR",
      "PREV_OUTPUT",
      "DEPTH",
    ]);
  });

  it.each(UNITS.map((unit) => [unit.id, unit] as const))("%s", async (id, unit) => {
    const result = await runCli(
      ["coordinator", "codex", "Improve the export module", "--chain", id, "--plan-only", "--json"],
      { cwd: workspace, homedir: codexHome, env: { CODEX_HOME: codexHome } },
    );
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const state = PlannedState.parse(JSON.parse(result.stdout));
    expect(state.command_chain.map((step) => step.command)).toEqual([...unit.steps]);
    for (const step of state.command_chain) {
      const used = listPlaceholders(pack.get(step.command)?.body ?? "").named;
      expect(Object.keys(step.args).sort()).toEqual(used);
    }
  });
});

describe("the text each step would send", () => {
  const sessionDir = path.join(workspace, ".workflow", ".codex-coordinator", "codex-coord-x");

  it.each(UNITS.map((unit) => [unit.id, unit] as const))("%s expands completely", (_id, unit) => {
    unit.steps.forEach((name, index) => {
      const prompt = pack.get(name);
      if (!prompt) throw new Error(`no prompt ${name}`);
      const bindings = stepBindings(
        sessionDir,
        "Improve the export module",
        "deep",
        unit.steps,
        index,
      );
      const plannable: PlannablePrompt = {
        name,
        category: "planning",
        path: prompt.file,
        body: prompt.body,
        placeholders: listPlaceholders(prompt.body),
      };
      const expanded = expandForStep(plannable, bindings);
      if (!expanded.ok) throw new Error(`${name}: ${expanded.error}`);
      expect(expanded.text).not.toMatch(/\$[A-Z0-9]/);
      expect(expanded.text).toContain(bindings.ARTIFACT_DIR);
    });
  });
});
