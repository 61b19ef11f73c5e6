/**
 * What the human views show of verified steps (docs/coordinator.md, "Verified steps"): the
 * pipeline view's line about checks, and the facts of a step in `ccw coordinator status`.
 */
import type { AttemptRecord, SessionState } from "../session/state-schema.js";
import { maxRepairsOf } from "./verified-state.js";

/** The pipeline view's line: what is checked after each step, and how many repairs. */
export function verificationLine(state: SessionState): string {
  const repairs = maxRepairsOf(state);
  const verify = state.options.verify ?? [];
  const parts = [
    "each step's declared artifacts are checked",
    repairs === 0
      ? "no repair turns (--max-repairs 0)"
      : `up to ${repairs} repair turn${repairs === 1 ? "" : "s"} per attempt`,
  ];
  if (verify.length > 0)
    parts.push(`after each unit: ${verify.map((command) => `\`${command}\``).join(", ")}`);
  return `checks: ${parts.join("; ")}`;
}

/** The status view's facts about a step's contract: `repairing 1/1`, repairs taken, a block. */
export function verificationFacts(record: AttemptRecord | undefined): string[] {
  if (!record) return [];
  const facts: string[] = [];
  const last = record.repairs?.at(-1);
  if (record.status === "started" && last?.status === "started") {
    facts.push(`repairing ${last.turn}/${last.of}`);
  } else if ((record.repairs?.length ?? 0) > 0) {
    const count = record.repairs?.length ?? 0;
    facts.push(`${count} repair turn${count === 1 ? "" : "s"}`);
  }
  if (record.blocked) facts.push(`blocked (${record.blocked.file})`);
  return facts;
}

/** The next-step hint for a session that stopped on a blocked step, if it did. */
export function blockedHint(state: SessionState): string | undefined {
  const blocked = state.execution_results.findLast(
    (record) =>
      record.blocked !== undefined && state.command_chain[record.index]?.status === "failed",
  );
  if (!blocked?.blocked) return undefined;
  return `step ${blocked.index + 1} ${blocked.command} was blocked: ${blocked.blocked.reason}; resolve that, then retry: ccw coordinator resume ${state.session_id} --yes (or abort: ccw coordinator abort ${state.session_id})`;
}
