/** A session: its header and actions, the pipeline of units and steps, and one step's panel. */
import type { ChangeEvent, SessionDetail, StepView } from "../api-types.js";
import { ApiFailure, getJson, postJson, sessionPath } from "./api.js";
import { confirmAction } from "./dialog.js";
import { h, replace } from "./dom.js";
import { age, duration } from "./format.js";
import { coalesce, onChange } from "./live.js";
import { StepPanel } from "./step-panel.js";

const MARK: Record<string, string> = {
  pending: "·",
  running: "▶",
  completed: "✓",
  failed: "✗",
  skipped: "–",
};

type Action = "resume" | "abort";

const ACTION_TEXT: Record<
  Action,
  { question: string; detail: string; label: string; done: string }
> = {
  resume: {
    question: "Resume",
    detail:
      "Runs `ccw coordinator resume --yes` for this session: the remaining steps run with Codex. Completed steps never run again.",
    label: "Resume",
    done: "Resuming in the background (its output goes to runner.log)… the steps update here as they run.",
  },
  abort: {
    question: "Abort",
    detail:
      "Runs `ccw coordinator abort`: its running process is stopped and the session never runs again.",
    label: "Abort",
    done: "Aborted.",
  },
};

/** Shows session `id` in `root`; returns the function that stops its live updates. */
export function showSession(
  root: HTMLElement,
  id: string,
  wantedStep: number | undefined,
): () => void {
  const page = new SessionPage(root, id, wantedStep);
  return () => page.close();
}

class SessionPage {
  private readonly header = h(
    "section",
    { class: "session-header" },
    h("p", { class: "muted" }, "Loading…"),
  );
  private readonly notice = h("div", { class: "notice", role: "status" });
  private readonly pipeline = h("section", { class: "pipeline", "aria-label": "pipeline" });
  private readonly panel: StepPanel;
  private detail: SessionDetail | undefined;
  private selected: number | undefined;
  private stopped = false;
  private readonly stops: (() => void)[] = [];

  constructor(
    root: HTMLElement,
    private readonly id: string,
    private readonly wantedStep: number | undefined,
  ) {
    const panelRoot = h("section", { class: "step-panel" });
    replace(
      root,
      h("p", null, h("a", { href: "#/" }, "← all sessions")),
      this.header,
      this.notice,
      this.pipeline,
      panelRoot,
    );
    this.panel = new StepPanel(panelRoot, id);
    this.selected = wantedStep;
    const reload = coalesce(() => void this.load(), 30);
    this.stops.push(onChange((change) => this.changed(change, reload)));
    void this.load();
  }

  close(): void {
    this.stopped = true;
    for (const stop of this.stops) stop();
    this.panel.close();
  }

  private changed(change: ChangeEvent, reload: () => void): void {
    if (change.session !== null && change.session !== this.id) return;
    if (change.session === null) reload();
    else if (change.what === "activity" && change.step !== undefined)
      this.panel.activityChanged(change.step);
    else reload();
  }

  private say(text: string, kind: "info" | "error"): void {
    replace(this.notice, text ? h("p", { class: kind }, text) : null);
  }

  private async load(): Promise<void> {
    try {
      const detail = await getJson<SessionDetail>(sessionPath(this.id));
      if (this.stopped) return;
      this.detail = detail;
      // Without a step in the URL, the panel follows the chain: the running step, live.
      if (this.wantedStep === undefined) this.selected = defaultStep(detail.steps);
      this.renderHeader(detail);
      this.renderPipeline(detail);
      const step =
        (this.selected === undefined ? undefined : detail.steps[this.selected]) ?? detail.steps[0];
      if (step) this.panel.show(detail, step);
    } catch (error) {
      if (!this.stopped) replace(this.header, h("p", { class: "error" }, (error as Error).message));
    }
  }

  private async act(action: Action): Promise<void> {
    const current = this.detail;
    if (!current) return;
    const text = ACTION_TEXT[action];
    if (!(await confirmAction(`${text.question} ${this.id}?`, text.detail, text.label))) return;
    try {
      await postJson(sessionPath(this.id, action), { updated_at: current.updated_at });
      this.say(text.done, "info");
    } catch (error) {
      const failure = error as ApiFailure;
      this.say(`${failure.message}${failure.hint ? ` ${failure.hint}` : ""}`, "error");
      if (failure instanceof ApiFailure && failure.code === "stale") void this.load();
    }
  }

  private renderHeader(detail: SessionDetail): void {
    const { row } = detail;
    const owner = detail.owner
      ? ` · pid ${detail.owner.pid}${detail.owner.alive ? "" : " (gone)"}`
      : "";
    replace(
      this.header,
      h(
        "h1",
        null,
        row.id,
        " ",
        h("span", { class: `badge ${row.status}`, id: "session-status" }, row.status),
      ),
      h("p", { class: "intent" }, row.intent),
      h(
        "p",
        { class: "facts" },
        `${row.done}/${row.total} steps done · ${row.task_type} · ${row.complexity} · created ${age(row.created_at, Date.now())}${owner} · ${detail.folder}/`,
      ),
      detail.next ? h("p", { class: "next" }, "next: ", h("code", null, detail.next)) : null,
      h(
        "div",
        { class: "actions" },
        this.button("resume", "Resume", "", !detail.actions.resume),
        this.button("abort", "Abort", "danger", !detail.actions.abort),
      ),
    );
  }

  private button(
    action: Action,
    label: string,
    kind: string,
    disabled: boolean,
  ): HTMLButtonElement {
    return h(
      "button",
      { type: "button", id: action, class: kind, disabled, onclick: () => void this.act(action) },
      label,
    );
  }

  private renderPipeline(detail: SessionDetail): void {
    const byUnit = new Map<string, StepView[]>();
    for (const step of detail.steps)
      byUnit.set(step.unit, [...(byUnit.get(step.unit) ?? []), step]);
    replace(
      this.pipeline,
      [...byUnit.values()].map((steps) =>
        h(
          "div",
          { class: "unit" },
          h("div", { class: "unit-name" }, steps[0]?.unit_name ?? ""),
          h(
            "ol",
            { class: "steps" },
            steps.map((step) => this.renderStep(step)),
          ),
        ),
      ),
    );
  }

  private renderStep(step: StepView): HTMLElement {
    const active = step.index === this.selected;
    return h(
      "li",
      {
        class: `step ${step.status}${active ? " selected" : ""}`,
        "data-step": step.index,
        "data-status": step.status,
      },
      h(
        "a",
        { href: `#/s/${encodeURIComponent(this.id)}/${step.index + 1}` },
        h("span", { class: "mark" }, MARK[step.status] ?? "?"),
        h("span", { class: "num" }, String(step.index + 1)),
        h("span", { class: "command" }, step.command),
        h("span", { class: "status" }, step.status),
        h("span", { class: "time" }, step.duration_ms === null ? "" : duration(step.duration_ms)),
        step.attempts.length > 1
          ? h("span", { class: "muted" }, ` · ${step.attempts.length} attempts`)
          : null,
      ),
    );
  }
}

/** The step to show first: the running one, else the last one that ran, else the first. */
function defaultStep(steps: readonly StepView[]): number {
  const running = steps.find((step) => step.status === "running");
  if (running) return running.index;
  const ran = steps.filter((step) => step.status !== "pending");
  return ran.at(-1)?.index ?? 0;
}
