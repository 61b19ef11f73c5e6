/**
 * What verified steps cost when every step keeps its contract (docs/coordinator.md, "Verified
 * steps"): the 4-step issue-workflow chain against a fake Codex that writes each step's
 * declared artifacts, run with the prompt pack as it is (every step's artifacts checked
 * against their shapes) vs the same pack with its Writes sections renamed (nothing checked).
 * Both sides must cost the same four Codex turns (checked before timing: no repair turn); the
 * target is the budget, under 20 ms of checking per step, as a ratio of this run's
 * baseline: 1 + 4 × 20 ms / the baseline's median.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type BenchSuite, benchEnv, command, comparePaired, ratioResult } from "../kit.js";

const STEPS = 4;
const BUDGET_MS_PER_STEP = 20;

export const suite: BenchSuite = {
  name: "verified-steps",
  async run({ root, workDir, runs, log }) {
    const ccw = path.join(root, "ccw", "bin", "ccw.js");
    const fakeCodex = path.join(root, "tests", "fixtures", "fake-codex", "fake-codex.mjs");
    const side = (name: string, checked: boolean) => {
      const workspace = path.join(workDir, name, "project");
      const codexHome = path.join(workDir, name, "codex-home");
      mkdirSync(workspace, { recursive: true });
      cpSync(path.join(root, ".codex", "prompts"), path.join(codexHome, "prompts"), {
        recursive: true,
      });
      if (!checked) {
        // "## Writes (unchecked)" is no Writes section for ccw; the fake Codex still follows it.
        for (const file of readdirSync(path.join(codexHome, "prompts"))) {
          const full = path.join(codexHome, "prompts", file);
          writeFileSync(
            full,
            readFileSync(full, "utf8").replace(/^## Writes$/m, "## Writes (unchecked)"),
          );
        }
      }
      const env = benchEnv({
        CODEX_HOME: codexHome,
        XDG_CACHE_HOME: path.join(workDir, name, "cache"),
        FAKE_CODEX_SCENARIO: "ok",
        NO_COLOR: "1",
      });
      const args = [ccw, "coordinator", "codex", "Find and fix issues in the payments service"];
      const label = `issue-workflow (${STEPS} steps), ${checked ? "contracts checked" : "no contracts"}`;
      return {
        workspace,
        side: command(
          label,
          process.execPath,
          [...args, "--chain", "issue-workflow", "--yes", "--codex-bin", fakeCodex],
          { cwd: workspace, env },
        ),
      };
    };
    const unchecked = side("unchecked", false);
    const checked = side("checked", true);

    // Both sides once, to check what they do: four Codex turns each, every contract passed.
    for (const [which, expectChecks] of [
      [unchecked, false],
      [checked, true],
    ] as const) {
      await which.side.run();
      const turns = sessionTurns(which.workspace);
      if (
        turns.attempts !== STEPS ||
        turns.repairs !== 0 ||
        turns.passedChecks !== (expectChecks ? STEPS : 0)
      ) {
        throw new Error(`verified-steps bench: unexpected run ${JSON.stringify(turns)}`);
      }
    }
    log("4-step chain, contracts checked vs not");
    const measured = await comparePaired({
      id: "verified-steps-contract-check",
      what: "passing contract checks of a 4-step chain (same 4 Codex turns, no repair)",
      baseline: unchecked.side,
      subject: checked.side,
      runs,
    });
    const targetMax = 1 + (STEPS * BUDGET_MS_PER_STEP) / measured.medianMs.baseline;
    log(
      `checks cost ${((measured.medianMs.subject - measured.medianMs.baseline) / STEPS).toFixed(1)} ms per step (median)`,
    );
    return [
      ratioResult(
        {
          ...measured,
          baseline: measured.baseline,
          subject: measured.subject,
          runs,
          targetMax: Math.round(targetMax * 1000) / 1000,
        },
        measured.ratio.median,
        measured.ratio.min,
        measured.ratio.max,
        measured.medianMs,
      ),
    ];
  },
};

/** The Codex turns of the workspace's newest session: attempts, repair turns, passed checks. */
function sessionTurns(workspace: string) {
  const root = path.join(workspace, ".workflow", ".codex-coordinator");
  const newest = readdirSync(root).sort().at(-1) ?? "";
  const state = JSON.parse(readFileSync(path.join(root, newest, "state.json"), "utf8")) as {
    execution_results: { repairs?: unknown[]; checks?: { kind: string; outcome: string }[] }[];
  };
  return {
    attempts: state.execution_results.length,
    repairs: state.execution_results.reduce((sum, r) => sum + (r.repairs?.length ?? 0), 0),
    passedChecks: state.execution_results.filter((r) =>
      r.checks?.some((c) => c.kind === "contract" && c.outcome === "passed"),
    ).length,
  };
}
