/** A session: its header and actions, the pipeline of units and steps, and one step's panel. */
import type { ActionEnded, SessionDetail, StepView } from "../api-types.js";
import { ApiFailure, getJson, postJson, sessionPath } from "./api.js";
import { confirmAction } from "./dialog.js";
import { h, replace } from "./dom.js";
import { age, duration } from "./format.js";
import { coalesce, onAction, onChange } from "./live.js";
import { StepPanel } from "./step-panel.js";

const MARK: Record<string, string> = {
  pending: "·",
  running: "▶",
  completed: "✓",
  failed: "✗",
  skipped: "–",
};

/** Shows session `id` in `root`; returns the function that stops its live updates. */
export function showSession(
  root: HTMLElement,
  id: string,
  wantedStep: number | undefined,
): () => void {
  const header = h("section", { class: "session-header" }, h("p", { class: "muted" }, "Loading…"));
  const notice = h("div", { class: "notice", role: "status" });
  const pipeline = h("section", { class: "pipeline", "aria-label": "pipeline" });
  const panelRoot = h("section", { class: "step-panel" });
  replace(
    root,
    h("p", null, h("a", { href: "#/" }, "← all sessions")),
    header,
    notice,
    pipeline,
    panelRoot,
  );
  let detail: SessionDetail | undefined;
  let selected = wantedStep;
  let stopped = false;
  const panel = new StepPanel(panelRoot, id);

  const say = (text: string, kind: "info" | "error") =>
    replace(notice, text ? h("p", { class: kind }, text) : null);

  const load = async () => {
    try {
      const next = await getJson<SessionDetail>(sessionPath(id));
      if (stopped) return;
      detail = next;
      // Without a step in the URL, the panel follows the chain: the running step, live.
      if (wantedStep === undefined) selected = defaultStep(next.steps);
      renderHeader();
      renderPipeline();
      const step = (selected === undefined ? undefined : next.steps[selected]) ?? next.steps[0];
      if (step) panel.show(next, step);
    } catch (error) {
      if (!stopped) replace(header, h("p", { class: "error" }, (error as Error).message));
    }
  };

  const act = async (action: "resume" | "abort") => {
    const current = detail;
    if (!current) return;
    const question = action === "resume" ? `Resume ${id}?` : `Abort ${id}?`;
    const what =
      action === "resume"
        ? "Runs `ccw coordinator resume --yes` for this session: the remaining steps run with Codex. Completed steps never run again."
        : "Runs `ccw coordinator abort`: its running process is stopped and the session never runs again.";
    if (!(await confirmAction(question, what, action === "resume" ? "Resume" : "Abort"))) return;
    try {
      await postJson(sessionPath(id, action), { updated_at: current.updated_at });
      say(
        action === "resume" ? "Resuming… the steps update here as they run." : "Aborted.",
        "info",
      );
    } catch (error) {
      const failure = error as ApiFailure;
      say(`${failure.message}${failure.hint ? ` ${failure.hint}` : ""}`, "error");
      if (failure instanceof ApiFailure && failure.code === "stale") void load();
    }
  };

  function renderHeader() {
    if (!detail) return;
    const { row } = detail;
    replace(
      header,
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
        `${row.done}/${row.total} steps done · ${row.task_type} · ${row.complexity} · created ${age(row.created_at, Date.now())}`,
        detail.owner ? ` · pid ${detail.owner.pid}${detail.owner.alive ? "" : " (gone)"}` : "",
        ` · ${detail.folder}/`,
      ),
      detail.next ? h("p", { class: "next" }, "next: ", h("code", null, detail.next)) : null,
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            id: "resume",
            disabled: !detail.actions.resume,
            onclick: () => void act("resume"),
          },
          "Resume",
        ),
        h(
          "button",
          {
            type: "button",
            id: "abort",
            class: "danger",
            disabled: !detail.actions.abort,
            onclick: () => void act("abort"),
          },
          "Abort",
        ),
      ),
    );
  }

  function renderPipeline() {
    if (!detail) return;
    const byUnit = new Map<string, StepView[]>();
    for (const step of detail.steps)
      byUnit.set(step.unit, [...(byUnit.get(step.unit) ?? []), step]);
    replace(
      pipeline,
      [...byUnit.values()].map((steps) =>
        h(
          "div",
          { class: "unit" },
          h("div", { class: "unit-name" }, steps[0]?.unit_name ?? ""),
          h(
            "ol",
            { class: "steps" },
            steps.map((step) => renderStep(step)),
          ),
        ),
      ),
    );
  }

  function renderStep(step: StepView): HTMLElement {
    const active = step.index === selected;
    return h(
      "li",
      {
        class: `step ${step.status}${active ? " selected" : ""}`,
        "data-step": step.index,
        "data-status": step.status,
      },
      h(
        "a",
        { href: `#/s/${encodeURIComponent(id)}/${step.index + 1}` },
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

  void load();
  const reload = coalesce(() => void load(), 30);
  const stopChanges = onChange((change) => {
    if (change.session === null) return reload();
    if (change.session !== id) return;
    if (change.what === "activity" && change.step !== undefined) panel.activityChanged(change.step);
    else reload();
  });
  const stopActions = onAction((event: ActionEnded) => {
    if (event.session === id && event.exit_code !== 0) say(event.message, "error");
  });
  return () => {
    stopped = true;
    stopChanges();
    stopActions();
    panel.close();
  };
}

/** The step to show first: the running one, else the last one that ran, else the first. */
function defaultStep(steps: readonly StepView[]): number {
  const running = steps.find((step) => step.status === "running");
  if (running) return running.index;
  const ran = steps.filter((step) => step.status !== "pending");
  return ran.at(-1)?.index ?? 0;
}
