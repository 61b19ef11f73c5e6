/**
 * The pipeline view of a plan (shared/specs/coordinator.md §3): the chain with 【 】 around each
 * unit, one row per step with its arguments and expected artifacts, and with --verbose the
 * rationale (matched signals, why this chain, the alternatives).
 */
import { displayWidth, padEndToWidth, truncateToWidth } from "../lib/text/display-width.js";
import type { Styler } from "../output.js";
import type { SessionState } from "../session/state-schema.js";
import type { AnalysisRationale } from "./analyze.js";
import type { ChainChoice } from "./routing.js";
import { findUnit, type UnitEdits } from "./units.js";
import { verificationLine } from "./verified-view.js";

/** Everything the view shows besides the state itself. */
export interface PipelineExtras {
  /** Expected artifacts per step index (from the prompts' "Writes" sections). */
  readonly expected: ReadonlyMap<number, readonly string[]>;
  /** With --verbose: why this chain. */
  readonly rationale?: {
    readonly analysis: AnalysisRationale;
    readonly chosen: ChainChoice | undefined;
    readonly alternatives: readonly ChainChoice[];
  };
}

const padEnd = padEndToWidth;

const shorten = truncateToWidth;

/**
 * How a step's arguments read in the view: the task on the first step, where later steps take
 * their input from (by step number), and the depth when it is not the default. The full values
 * are in state.json.
 */
export function describeArgs(state: SessionState, index: number): string {
  const step = state.command_chain[index];
  if (!step) return "";
  const parts: string[] = [];
  if (index === 0 && step.args.TASK !== undefined) {
    parts.push(`TASK=${JSON.stringify(shorten(step.args.TASK, 48))}`);
  }
  if (step.args.ARGUMENTS !== undefined) {
    parts.push(`$ARGUMENTS=${JSON.stringify(shorten(step.args.ARGUMENTS, 48))}`);
  }
  const input = step.args.PREV_ARTIFACT_DIR ?? step.args.PREV_OUTPUT;
  if (index > 0 && input !== undefined) {
    const from = state.command_chain.find((other) =>
      input.includes(`/steps/${String(other.index + 1).padStart(2, "0")}-${other.command}/`),
    );
    if (from) parts.push(`PREV_ARTIFACT_DIR=<artifacts of step ${from.index + 1}>`);
  }
  if (step.args.DEPTH !== undefined && step.args.DEPTH !== "standard")
    parts.push(`DEPTH=${step.args.DEPTH}`);
  return parts.join(" ");
}

/** The chain line with 【 】 unit markers and the line of unit names under it. */
function chainLines(state: SessionState, style: Styler): string[] {
  let top = "intent →";
  let bottom = "";
  for (const unit of state.units) {
    const steps = unit.steps.map((index) => state.command_chain[index]?.command ?? "?");
    const segment = `【${steps.join(" → ")}】`;
    const start = displayWidth(top);
    const label = `└ ${unit.name} ┘`;
    const labelStart = Math.max(start + 1, displayWidth(bottom) + (bottom ? 1 : 0));
    bottom = padEnd(bottom, labelStart) + label;
    top += `${segment}→`;
  }
  const lastUnit = state.units[state.units.length - 1];
  const produces = (lastUnit && findUnit(lastUnit.id)?.produces) ?? "result";
  return [style.bold(`${top} ${produces}`), style.dim(bottom)];
}

/** Renders the pipeline view of `state`. */
export function renderPipeline(state: SessionState, extras: PipelineExtras, style: Styler): string {
  const { analysis } = state;
  const lines = [
    `${style.bold(state.session_id)} · ${analysis.task_type} · ${analysis.complexity}${state.options.depth === "deep" ? " · deep" : ""}`,
    ...chainLines(state, style),
    ...(analysis.assumed
      ? [
          style.bold(
            `no rule matched: assumed ${analysis.task_type} (check the chain, or name one with --chain)`,
          ),
        ]
      : []),
  ];
  const rows = state.command_chain.map((step) => ({
    number: String(step.index + 1),
    command: step.command,
    category: step.category,
    args: describeArgs(state, step.index),
    expected: (extras.expected.get(step.index) ?? []).join(", "),
  }));
  const width = (key: keyof (typeof rows)[number]) =>
    Math.max(...rows.map((row) => displayWidth(row[key])));
  for (const row of rows) {
    lines.push(
      `  ${padEnd(row.number, width("number"))}  ${padEnd(row.command, width("command"))}  ${padEnd(row.category, width("category"))}  ${padEnd(row.args, width("args"))}  ${row.expected ? style.dim(`→ ${row.expected}`) : ""}`.trimEnd(),
    );
  }
  lines.push(style.dim(`  ${verificationLine(state)}`));
  if (extras.rationale) lines.push("", ...rationaleLines(state, extras.rationale, style));
  return `${lines.join("\n")}\n`;
}

function rationaleLines(
  state: SessionState,
  rationale: NonNullable<PipelineExtras["rationale"]>,
  style: Styler,
): string[] {
  const { analysis } = state;
  const lines = [style.bold("Why this chain")];
  const scored = rationale.analysis.scores.filter((entry) => entry.score > 0);
  lines.push(
    scored.length === 0
      ? `  task type: ${analysis.task_type} (no keyword matched; feature is the default)`
      : `  task type: ${analysis.task_type} — ${scored.map((entry) => `${entry.taskType} ${entry.score} (${entry.matches.join(", ")})`).join("; ")}`,
  );
  const { complex, simple } = rationale.analysis.complexityScore;
  lines.push(
    `  complexity: ${analysis.complexity} — complex signals ${complex}, simple signals ${simple}`,
  );
  if (analysis.scope.length > 0) lines.push(`  scope: ${analysis.scope.join(", ")}`);
  if (rationale.chosen) {
    lines.push(`  chain: ${rationale.chosen.units.join(" → ")} — ${rationale.chosen.reason}`);
  } else {
    lines.push(`  chain: chosen with --chain`);
  }
  for (const unit of state.units) {
    const catalog = findUnit(unit.id);
    if (catalog)
      lines.push(
        `  【${unit.name}】 ${catalog.steps.join(" → ")}: runs as one unit, produces ${catalog.produces}`,
      );
  }
  if (rationale.alternatives.length > 0) {
    lines.push(style.bold("Alternatives"));
    for (const choice of rationale.alternatives) {
      lines.push(
        `  --chain ${choice.units.join(",")}${choice.depth === "deep" ? " --depth deep" : ""}  — ${choice.reason}`,
      );
    }
  }
  return lines;
}

/** How the view names the project files a unit changes, by the unit's `edits`. */
const EDITED: Readonly<Record<UnitEdits, string | undefined>> = {
  none: undefined,
  tests: "test files",
  docs: "documentation",
  code: "code changes",
};

/**
 * The artifacts a prompt says it writes on success, from its "## Writes" section, after what it
 * changes in the project: what its unit edits when the unit is known (a write-docs step shows
 * "documentation", not code), else "code changes" for the categories that change the workspace.
 */
export function expectedArtifacts(body: string, category: string, edits?: UnitEdits): string[] {
  const section = /^##\s+Writes\s*$([\s\S]*?)(?=^##\s|(?![\s\S]))/m.exec(body)?.[1] ?? "";
  const files: string[] = [];
  for (const line of section.split("\n")) {
    const match = /^\s*[-*]\s+`\$ARTIFACT_DIR\/([^`]+)`(.*)$/.exec(line);
    if (match?.[1] && !/when blocked|on failure/i.test(match[2] ?? "")) files.push(match[1]);
  }
  if (edits !== undefined) {
    const edited = category === "execution" || category === "cleanup" ? EDITED[edits] : undefined;
    return edited === undefined ? files : [edited, ...files];
  }
  return category === "execution" || category === "cleanup" ? ["code changes", ...files] : files;
}
