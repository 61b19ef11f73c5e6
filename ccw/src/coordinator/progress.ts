/**
 * Progress of a running session on stderr. On a terminal: a live line (step k of n, elapsed
 * time, what Codex is doing right now) above which each finished step leaves one line. Not on
 * a terminal: one line when a step starts, one when it ends, nothing in between.
 */
import type { OutputStream } from "../context.js";
import type { Styler } from "../output.js";
import type { AttemptRecord, SessionState } from "../session/state-schema.js";
import type { CodexEvent } from "../tools/codex/codex-events.js";
import { formatDuration } from "../tools/codex/codex-run-state.js";
import type { RunObserver } from "./execute.js";

const TICK_MS = 1000;

/** The live line's description of a Codex event, or undefined to keep the current one. */
export function describeActivity(event: CodexEvent): string | undefined {
  switch (event.type) {
    case "turn.started":
      return "thinking";
    case "item.started":
    case "item.updated":
    case "item.completed": {
      const { item } = event;
      switch (item.type) {
        case "command_execution":
          return `$ ${item.command.replace(/^\/bin\/(?:ba)?sh -lc '?/, "").replace(/'$/, "")}`;
        case "file_change":
          return item.changes.length > 0
            ? `edited ${item.changes.map((change) => change.path).join(", ")}`
            : undefined;
        case "agent_message":
          return "writing the answer";
        case "reasoning":
          return "thinking";
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}

/** The observer that draws progress on `stream`. Call `close()` when the run ends. */
export function createProgressObserver(options: {
  stream: OutputStream;
  style: Styler;
  now?: () => number;
}): RunObserver & { close(): void } {
  const { stream, style } = options;
  const clock = options.now ?? (() => Date.now());
  const live = stream.isTTY === true;
  let timer: NodeJS.Timeout | undefined;
  let current: { label: string; started: number; activity: string } | undefined;

  const width = () => Math.max(20, (stream.columns ?? 100) - 1);
  const clearLine = () => {
    if (live) stream.write("\r\u001b[2K");
  };
  const draw = () => {
    if (!live || !current) return;
    const elapsed = formatDuration(clock() - current.started);
    const text = `${current.label} · ${elapsed} · ${current.activity}`;
    clearLine();
    stream.write(style.cyan(text.length > width() ? `${text.slice(0, width() - 1)}…` : text));
  };
  const print = (line: string) => {
    clearLine();
    stream.write(`${line}\n`);
    draw();
  };
  const label = (state: SessionState, index: number) =>
    `[${index + 1}/${state.command_chain.length}] ${state.command_chain[index]?.command ?? "?"}`;

  return {
    sessionStarted(state, info) {
      print(startedLine(state, info, style));
    },
    stepStarted(state, index, mode) {
      const attempt = state.command_chain[index]?.attempts ?? 1;
      current = {
        label: label(state, index),
        started: clock(),
        activity: mode.kind === "resume" ? "continuing its Codex thread" : "starting Codex",
      };
      if (live) {
        timer ??= setInterval(draw, TICK_MS);
        timer.unref();
        draw();
      } else {
        print(
          `${label(state, index)}: started${attempt > 1 ? ` (attempt ${attempt})` : ""}${mode.kind === "resume" ? " — continuing its Codex thread" : ""}`,
        );
      }
    },
    codexEvent(_state, _index, event) {
      const activity = describeActivity(event);
      if (current && activity) {
        current.activity = activity;
        draw();
      }
    },
    stepFinished(state, index, record) {
      const elapsed = current ? formatDuration(clock() - current.started) : "";
      current = undefined;
      print(finishedLine(label(state, index), record, elapsed, style));
    },
    retrying(state, index, failures) {
      print(`  retrying ${label(state, index)} (${failures} of ${state.options.max_retries})`);
    },
    unitSkipped(state, unitId) {
      const unit = state.units.find((candidate) => candidate.id === unitId);
      print(`  skipped unit ${unit?.name ?? unitId}`);
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (current) clearLine();
      current = undefined;
    },
  };
}

/** `<session>: running 2 of 3 steps (recovered interrupted step 2; took over …)`. */
function startedLine(
  state: SessionState,
  info: { recovered: number[]; tookOverFrom?: number },
  style: Styler,
): string {
  const notes: string[] = [];
  if (info.recovered.length > 0) {
    notes.push(`recovered interrupted step ${info.recovered.map((index) => index + 1).join(", ")}`);
  }
  if (info.tookOverFrom !== undefined)
    notes.push(`took over the lock of dead pid ${info.tookOverFrom}`);
  const done = state.command_chain.filter(
    (step) => step.status === "completed" || step.status === "skipped",
  ).length;
  return `${style.bold(state.session_id)}: running ${state.command_chain.length - done} of ${state.command_chain.length} steps${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`;
}

/** `✓ [1/2] plan completed in 3s`, or `✗ [1/2] plan failed after 3s: why`. */
function finishedLine(
  name: string,
  record: AttemptRecord | undefined,
  elapsed: string,
  style: Styler,
): string {
  if (record?.status === "completed") return `${style.green("✓")} ${name} completed in ${elapsed}`;
  const why = record?.error ? `: ${record.error.split("\n")[0]}` : "";
  return `${style.red("✗")} ${name} ${record?.status ?? "failed"} after ${elapsed}${why}`;
}

/**
 * The progress line of a repair turn (docs/coordinator.md, "Verified steps"); merged into the
 * progress observer by run-action.ts.
 */
export function repairProgress(options: {
  stream: OutputStream;
  style: Styler;
}): Pick<RunObserver, "repairing"> {
  const clear = options.stream.isTTY === true ? "\r\u001b[2K" : "";
  return {
    repairing(state, index, turn, of) {
      const step = `[${index + 1}/${state.command_chain.length}] ${state.command_chain[index]?.command ?? "?"}`;
      options.stream.write(
        `${clear}  ${step}: ${options.style.yellow(`broke its contract; repairing ${turn}/${of}`)} on its Codex thread\n`,
      );
    },
  };
}
