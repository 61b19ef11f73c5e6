/** A step attempt's contract checks, verify runs and repair turns (verified steps). */
import type { AttemptView, CheckView, RepairView } from "../api-types.js";
import { h } from "./dom.js";
import { duration } from "./format.js";

/** The checks and repairs of an attempt, in the order they happened, or null when it has none. */
export function renderChecks(attempt: AttemptView): HTMLElement | null {
  if (attempt.checks.length === 0 && attempt.repairs.length === 0) return null;
  const events: { at: string; node: HTMLElement }[] = [
    ...attempt.checks.map((check) => ({ at: check.at, node: renderCheck(check) })),
    ...attempt.repairs.map((repair) => ({ at: repair.started_at, node: renderRepair(repair) })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return h(
    "ol",
    { class: "checks", "aria-label": "contract checks and repairs" },
    events.map((event) => event.node),
  );
}

function renderCheck(check: CheckView): HTMLElement {
  const what = check.kind === "contract" ? "contract check" : "verify";
  return h(
    "li",
    { class: `check ${check.outcome}`, "data-kind": check.kind, "data-outcome": check.outcome },
    h(
      "span",
      { class: `badge ${check.outcome === "passed" ? "completed" : "failed"}` },
      check.outcome,
    ),
    ` ${what} after ${check.turn === 0 ? "the step's turn" : `repair ${check.turn}`}`,
    check.checked.length > 0
      ? h("span", { class: "muted" }, `: ${check.checked.join(", ")}`)
      : null,
    check.duration_ms !== undefined
      ? h("span", { class: "muted" }, ` · ${duration(check.duration_ms)}`)
      : null,
    check.reason ? h("p", { class: "reason" }, check.reason) : null,
    check.problems.length > 0
      ? h(
          "ul",
          { class: "problems" },
          check.problems.map((problem) =>
            h(
              "li",
              null,
              h("code", null, `${problem.file}${problem.path ? ` ${problem.path}` : ""}`),
              `: expected ${problem.expected}, found ${problem.found}`,
            ),
          ),
        )
      : null,
    check.output_tail ? h("pre", { class: "output" }, check.output_tail) : null,
  );
}

function renderRepair(repair: RepairView): HTMLElement {
  const took = repair.finished_at
    ? duration(Date.parse(repair.finished_at) - Date.parse(repair.started_at))
    : "";
  return h(
    "li",
    { class: `repair ${repair.status}`, "data-kind": "repair" },
    h("span", { class: "badge" }, "repair"),
    ` turn ${repair.turn} of ${repair.of}: ${repair.status}${took ? ` · ${took}` : ""}`,
    repair.error ? h("pre", { class: "error" }, repair.error) : null,
  );
}
