/** Human views of sessions: `ccw coordinator status` and `ccw coordinator list`. */
import path from "node:path";
import { displayWidth, padEndToWidth, truncateToWidth } from "../lib/text/display-width.js";
import type { Styler } from "../output.js";
import type { SessionState, StepState } from "../session/state-schema.js";
import { projectStatus } from "../session/status.js";
import { formatDuration } from "../tools/codex/codex-run-state.js";
import { lastAttempt } from "./transitions.js";
import { blockedHint, verificationFacts } from "./verified-view.js";

const MARK: Record<StepState["status"], string> = {
  pending: "·",
  running: "▶",
  completed: "✓",
  failed: "✗",
  skipped: "-",
};

/** What a reader should do next with a session in this status. */
export function nextAction(state: SessionState, ownerAlive: boolean): string | undefined {
  const id = state.session_id;
  switch (state.status) {
    case "planned":
      return `run it: ccw coordinator resume ${id} --yes`;
    case "waiting":
      return `continue it: ccw coordinator resume ${id} --yes`;
    case "failed":
      return (
        blockedHint(state) ??
        `retry the failed step: ccw coordinator resume ${id} --yes (or abort: ccw coordinator abort ${id})`
      );
    case "running":
      return ownerAlive
        ? `watch it: ccw coordinator status ${id} --watch`
        : `its process is gone; continue it: ccw coordinator resume ${id} --yes`;
    default:
      return undefined;
  }
}

function elapsed(from: string, to: string | undefined): string {
  if (!to) return "";
  return formatDuration(Date.parse(to) - Date.parse(from));
}

/** The status view of one session. */
export function renderStatus(
  state: SessionState,
  options: { ownerAlive: boolean; style: Styler; workspace: string },
): string {
  const { style } = options;
  const status = projectStatus(state);
  const owner =
    state.owner && state.status === "running"
      ? options.ownerAlive
        ? ` (pid ${state.owner.pid} since ${state.owner.started_at})`
        : ` (its process, pid ${state.owner.pid}, is gone)`
      : "";
  const lines = [
    `${style.bold(state.session_id)} · ${state.status}${owner} · ${status.progress.done}/${status.progress.total} done · ${state.analysis.task_type} · ${state.analysis.complexity}`,
    `intent: ${state.intent}`,
  ];
  const width = Math.max(...state.command_chain.map((step) => displayWidth(step.command)));
  for (const step of state.command_chain) {
    const record = lastAttempt(state, step.index);
    const facts: string[] = [];
    if (step.attempts > 0) facts.push(`attempt ${step.attempts}`);
    if (record) {
      const took = elapsed(record.started_at, record.finished_at);
      if (took) facts.push(took);
      if (record.status !== "completed" && record.status !== "started") facts.push(record.status);
      facts.push(...verificationFacts(record));
      if (record.codex_thread_id && record.status !== "completed")
        facts.push(`thread ${record.codex_thread_id}`);
      if (record.error && step.status !== "completed")
        facts.push(record.error.split("\n")[0] ?? "");
      if (step.status === "completed" && record.artifacts.length > 0) {
        facts.push(`→ ${record.artifacts.map((file) => path.basename(file)).join(", ")}`);
      }
    }
    const change = step.checkpoint?.stat;
    if (change)
      facts.push(
        `+${change.added} −${change.removed}, ${change.files} file${change.files === 1 ? "" : "s"}`,
      );
    const warning = step.checkpoint?.warnings?.at(-1);
    if (warning) facts.push(style.yellow(warning.split("\n")[0] ?? ""));
    const unit = state.units.find((candidate) => candidate.id === step.unit);
    lines.push(
      `  ${MARK[step.status]} ${String(step.index + 1).padStart(2)} ${padEndToWidth(step.command, width)}  ${step.status.padEnd(9)} ${style.dim(unit?.name ?? step.unit)}${facts.length > 0 ? `  ${facts.join(" · ")}` : ""}`,
    );
  }
  const next = nextAction(state, options.ownerAlive);
  if (next) lines.push(`next: ${next}`);
  lines.push(
    style.dim(
      `files: ${path.relative(options.workspace, path.join(state.workspace, ".workflow", ".codex-coordinator", state.session_id)) || "."}/ (state.json, status.json, events.jsonl, steps/)`,
    ),
  );
  return `${lines.join("\n")}\n`;
}

/** One row per session for `ccw coordinator list`. */
export function renderList(sessions: readonly SessionState[], style: Styler): string {
  if (sessions.length === 0) return "no coordinator sessions in this workspace\n";
  const rows = sessions.map((state) => {
    const status = projectStatus(state);
    return [
      state.session_id,
      state.status,
      `${status.progress.done}/${status.progress.total}`,
      state.analysis.task_type,
      state.updated_at.replace(/\.\d+Z$/, "Z"),
      truncateToWidth(state.intent, 50),
    ];
  });
  const header = ["SESSION", "STATUS", "DONE", "TYPE", "UPDATED", "INTENT"];
  const widths = header.map((title, column) =>
    Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[column] ?? ""))),
  );
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        column === row.length - 1 ? cell : padEndToWidth(cell, widths[column] ?? 0),
      )
      .join("  ");
  return `${style.bold(format(header))}\n${rows.map(format).join("\n")}\n`;
}
