/** One step of a session: its attempts and checks, its files and artifacts, and Codex's activity live. */
import type {
  ActivityItem,
  ActivityPage,
  AttemptView,
  FileRef,
  FileView,
  SessionDetail,
  StepView,
} from "../api-types.js";
import { getJson, sessionPath } from "./api.js";
import { renderChecks } from "./checks.js";
import { h, replace } from "./dom.js";
import { duration, size } from "./format.js";
import { renderMarkdown } from "./render-markdown.js";
import { showChanges } from "./step-changes.js";

/** The panel of the selected step; it keeps its file viewer and activity across refreshes. */
export class StepPanel {
  private step: StepView | undefined;
  private readonly summary = h("div", { class: "step-summary" });
  private readonly files = h("div", { class: "step-files" });
  private readonly viewer = h("div", { class: "file-viewer" });
  private readonly changes = h("div", { class: "step-changes" });
  private changesKey = "";
  private detail: SessionDetail | undefined;
  private readonly activityList = h("ol", { class: "activity", "aria-label": "Codex activity" });
  private activity = new Map<string, ActivityItem>();
  private offset = 0;
  private loading = false;
  private again = false;
  private shownFile: string | undefined;
  private closed = false;

  constructor(
    root: HTMLElement,
    private readonly session: string,
  ) {
    replace(
      root,
      this.summary,
      h(
        "div",
        { class: "panel-columns" },
        h("div", { class: "column" }, h("h3", null, "Codex activity"), this.activityList),
        h("div", { class: "column" }, h("h3", null, "Files"), this.files, this.viewer),
      ),
      h("h3", null, "Changes"),
      this.changes,
    );
  }

  /** Shows `step` (again, after a refresh of the session). */
  show(detail: SessionDetail, step: StepView): void {
    const changed = this.step?.index !== step.index;
    this.detail = detail;
    this.step = step;
    replace(this.summary, renderSummary(step));
    replace(
      this.files,
      renderFiles(step, detail.files, (file) => void this.openFile(file)),
    );
    if (changed) {
      this.activity = new Map();
      this.offset = 0;
      replace(this.activityList, h("li", { class: "muted" }, "Nothing yet."));
      replace(this.viewer);
      this.shownFile = undefined;
      const first = step.artifacts.find((file) => file.name === "plan.md") ?? step.artifacts[0];
      if (first) void this.openFile(first);
    } else if (this.shownFile) {
      const again = [...step.artifacts, ...step.files, ...detail.files].find(
        (file) => file.path === this.shownFile,
      );
      if (again) void this.openFile(again);
    }
    void this.loadActivity();
    // The diff changes only with the step's checkpoints (and what may be done with them).
    const checkpoint = step.checkpoint as { after?: string } | null;
    const changesKey = `${step.index}:${checkpoint?.after ?? ""}:${detail.actions.restore}`;
    if (changesKey !== this.changesKey) {
      this.changesKey = changesKey;
      void showChanges(this.changes, this.session, () => this.detail ?? detail, step);
    }
  }

  /** codex.jsonl of step `index` grew. */
  activityChanged(index: number): void {
    if (this.step?.index === index) void this.loadActivity();
  }

  close(): void {
    this.closed = true;
  }

  private async loadActivity(): Promise<void> {
    const step = this.step;
    if (!step || this.closed) return;
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = true;
    try {
      for (;;) {
        const page = await getJson<ActivityPage>(
          `${sessionPath(this.session, "steps", String(step.index), "activity")}?after=${this.offset}`,
        );
        if (this.step !== step && this.step?.index !== step.index) return;
        this.offset = page.next;
        for (const item of page.items) this.activity.set(item.id, item);
        if (page.items.length > 0) this.renderActivity();
        if (page.items.length === 0 || !this.again) break;
        this.again = false;
      }
    } catch {
      // The step folder may not exist yet; the next change tries again.
    } finally {
      this.loading = false;
      if (this.again) {
        this.again = false;
        void this.loadActivity();
      }
    }
  }

  private renderActivity(): void {
    const atBottom =
      this.activityList.scrollTop + this.activityList.clientHeight >=
      this.activityList.scrollHeight - 8;
    replace(this.activityList, [...this.activity.values()].map(renderItem));
    if (this.activity.size === 0)
      this.activityList.append(h("li", { class: "muted" }, "Nothing yet."));
    if (atBottom) this.activityList.scrollTop = this.activityList.scrollHeight;
  }

  private async openFile(file: FileRef): Promise<void> {
    this.shownFile = file.path;
    try {
      const view = await getJson<FileView>(
        `${sessionPath(this.session, "file")}?path=${encodeURIComponent(file.path)}`,
      );
      if (this.shownFile === file.path) replace(this.viewer, renderFile(view));
    } catch (error) {
      replace(this.viewer, h("p", { class: "error" }, (error as Error).message));
    }
  }
}

function renderSummary(step: StepView): (Node | null)[] {
  return [
    h(
      "h2",
      null,
      `Step ${step.index + 1}: ${step.command}`,
      " ",
      h("span", { class: `badge ${step.status}` }, step.status),
    ),
    h(
      "p",
      { class: "facts" },
      `${step.unit_name} · ${step.category}`,
      step.started_at ? ` · started ${new Date(step.started_at).toLocaleTimeString()}` : "",
      step.duration_ms !== null ? ` · took ${duration(step.duration_ms)}` : "",
    ),
    step.attempts.length > 0
      ? h("ol", { class: "attempts" }, step.attempts.map(renderAttempt))
      : null,
  ];
}

function renderAttempt(attempt: AttemptView): HTMLElement {
  return h(
    "li",
    { class: `attempt ${attempt.status}` },
    h("strong", null, `Attempt ${attempt.attempt}`),
    ` ${attempt.status}`,
    attempt.duration_ms !== null ? ` · ${duration(attempt.duration_ms)}` : "",
    attempt.exit_code !== null ? ` · exit ${attempt.exit_code}` : "",
    attempt.usage
      ? ` · ${attempt.usage.input_tokens ?? 0} tokens in, ${attempt.usage.output_tokens ?? 0} out`
      : "",
    attempt.error ? h("pre", { class: "error" }, attempt.error) : null,
    renderChecks(attempt),
  );
}

function renderFiles(
  step: StepView,
  session: readonly FileRef[],
  open: (file: FileRef) => void,
): Node[] {
  const link = (file: FileRef) =>
    h(
      "li",
      null,
      h(
        "a",
        {
          href: "#",
          "data-file": file.path,
          onclick: (event: Event) => {
            event.preventDefault();
            open(file);
          },
        },
        file.name,
      ),
      h("span", { class: "muted" }, ` ${size(file.size)}`),
    );
  return [
    h("h4", null, "Artifacts"),
    step.artifacts.length > 0
      ? h("ul", { class: "file-list artifacts" }, step.artifacts.map(link))
      : h("p", { class: "muted" }, "None yet."),
    h("h4", null, "Step files"),
    step.files.length > 0
      ? h("ul", { class: "file-list" }, step.files.map(link))
      : h("p", { class: "muted" }, "None yet."),
    h("h4", null, "Session files"),
    h("ul", { class: "file-list session-files" }, session.map(link)),
  ];
}

function renderItem(item: ActivityItem): HTMLElement {
  const label: Record<ActivityItem["kind"], string> = {
    command: "$",
    message: "»",
    reasoning: "…",
    plan: "☰",
    file_change: "✎",
    tool: "⚙",
    error: "!",
    turn: "•",
    other: "?",
  };
  return h(
    "li",
    { class: `item ${item.kind}${item.status ? ` ${item.status}` : ""}`, "data-kind": item.kind },
    h("span", { class: "label" }, label[item.kind]),
    h("span", { class: "text" }, item.text),
    item.kind === "command" && item.exit_code !== undefined && item.exit_code !== null
      ? h("span", { class: "exit" }, ` exit ${item.exit_code}`)
      : null,
    item.output ? h("pre", { class: "output" }, item.output) : null,
  );
}

function renderFile(view: FileView): HTMLElement {
  const heading = h(
    "div",
    { class: "file-heading" },
    h("code", null, view.path),
    h(
      "span",
      { class: "muted" },
      ` ${size(view.size)}${view.truncated ? " (only the beginning is shown)" : ""}`,
    ),
    view.json
      ? h(
          "span",
          { class: `validation ${view.json.valid ? "valid" : "invalid"}` },
          view.json.valid ? " ✓ valid JSON" : ` ✗ ${view.json.error}`,
        )
      : null,
  );
  const contract = view.contract
    ? h(
        "div",
        { class: `contract ${view.contract.outcome}` },
        view.contract.outcome === "passed"
          ? "✓ matches the step's contract (its last check)"
          : `✗ the step's last contract check found ${view.contract.problems.length} problem(s) here`,
        view.contract.problems.length > 0
          ? h(
              "ul",
              null,
              view.contract.problems.map((problem) =>
                h(
                  "li",
                  null,
                  h("code", null, problem.path || "(the file)"),
                  `: expected ${problem.expected}, found ${problem.found}`,
                ),
              ),
            )
          : null,
      )
    : null;
  let body: HTMLElement;
  if (view.kind === "markdown") body = renderMarkdown(view.text);
  else if (view.kind === "json" && view.json?.valid)
    body = h("pre", { class: "json" }, JSON.stringify(JSON.parse(view.text), null, 2));
  else body = h("pre", { class: "text" }, view.text);
  return h(
    "article",
    { class: `file ${view.kind}`, "data-path": view.path },
    heading,
    contract,
    body,
  );
}
