/** The sessions list: newest first, filterable by status, live. */
import type { SessionList, SessionRow } from "../api-types.js";
import { getJson } from "./api.js";
import { h, replace } from "./dom.js";
import { age } from "./format.js";
import { coalesce, onChange } from "./live.js";

const STATUSES = [
  "all",
  "running",
  "waiting",
  "planned",
  "failed",
  "completed",
  "aborted",
] as const;

/** Shows the list in `root`; returns the function that stops its live updates. */
export function showList(root: HTMLElement, filter: string): () => void {
  const table = h("div", { class: "sessions" }, h("p", { class: "muted" }, "Loading…"));
  const filters = h(
    "nav",
    { class: "filters", "aria-label": "filter by status" },
    STATUSES.map((status) =>
      h(
        "a",
        {
          href: status === "all" ? "#/" : `#/?status=${status}`,
          class:
            status === filter || (status === "all" && filter === "") ? "filter active" : "filter",
          "data-status": status,
        },
        status,
      ),
    ),
  );
  replace(root, h("h1", null, "Sessions"), filters, table);
  let stopped = false;
  const load = async () => {
    try {
      const list = await getJson<SessionList>("/api/sessions");
      if (!stopped) replace(table, renderRows(list, filter));
    } catch (error) {
      if (!stopped) replace(table, h("p", { class: "error" }, String((error as Error).message)));
    }
  };
  void load();
  const reload = coalesce(() => void load(), 30);
  const stop = onChange((change) => {
    if (change.what === "state" || change.what === "session" || change.what === "removed") reload();
  });
  return () => {
    stopped = true;
    stop();
  };
}

function renderRows(list: SessionList, filter: string): Node[] {
  const rows = list.sessions.filter(
    (row) => filter === "" || filter === "all" || row.status === filter,
  );
  const now = Date.now();
  const nodes: Node[] = [];
  if (rows.length === 0) {
    nodes.push(
      h(
        "p",
        { class: "muted empty" },
        list.sessions.length === 0
          ? 'No coordinator sessions in this workspace yet. Start one: ccw coordinator codex "<intent>"'
          : `No ${filter} sessions.`,
      ),
    );
  } else {
    nodes.push(
      h(
        "table",
        { class: "session-table" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            ["Session", "Status", "Intent", "Progress", "Age"].map((title) => h("th", null, title)),
          ),
        ),
        h(
          "tbody",
          null,
          rows.map((row) => renderRow(row, now)),
        ),
      ),
    );
  }
  if (list.problems.length > 0) {
    nodes.push(
      h(
        "details",
        { class: "problems" },
        h("summary", null, `${list.problems.length} session folder(s) could not be read`),
        h(
          "ul",
          null,
          list.problems.map((problem) =>
            h("li", null, h("code", null, problem.id), ` ${problem.message}`),
          ),
        ),
      ),
    );
  }
  return nodes;
}

function renderRow(row: SessionRow, now: number): HTMLElement {
  const href = `#/s/${encodeURIComponent(row.id)}`;
  return h(
    "tr",
    { class: `session-row status-${row.status}`, "data-session": row.id },
    h("td", null, h("a", { href, class: "session-link" }, row.id)),
    h("td", null, h("span", { class: `badge ${row.status}` }, row.status)),
    h("td", { class: "intent" }, row.intent),
    h(
      "td",
      null,
      h("progress", { max: row.total, value: row.done }),
      ` ${row.done}/${row.total}`,
      row.current && row.status === "running"
        ? h("span", { class: "muted" }, ` · ${row.current}`)
        : null,
    ),
    h("td", { title: row.created_at }, age(row.created_at, now)),
  );
}
