import { describe, expect, it } from "vitest";
import { runCrashHarness } from "./crash-harness.js";

// `npm test` runs a bounded count; `npm run test:crash` runs 200 (CRASH_RUNS sets it).
const RUNS = Number(process.env.CRASH_RUNS ?? "12");

describe("crash consistency", () => {
  it(
    `keeps every promise across ${RUNS} runs killed with SIGKILL at random moments`,
    async () => {
      const report = await runCrashHarness({
        runs: RUNS,
        log: (line) => process.stderr.write(`crash harness: ${line}\n`),
      });
      process.stderr.write(
        `crash harness: ${JSON.stringify({ ...report, violations: report.violations.length })}\n`,
      );
      expect(report.violations).toEqual([]);
      expect(report.runs).toBe(RUNS);
      expect(report.kills).toBeGreaterThan(0);
      expect(report.repairTurns).toBeGreaterThan(0);
    },
    60_000 + RUNS * 10_000,
  );
});
