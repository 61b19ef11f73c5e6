/** The "Changes" part of a step: its diff between checkpoints, and the restore buttons. */
import type { DiffView, SessionDetail, StepView } from "../api-types.js";
import { ApiFailure, getJson, postJson, sessionPath } from "./api.js";
import { confirmAction } from "./dialog.js";
import { renderDiff } from "./diff-view.js";
import { h, replace } from "./dom.js";

/** What a restore answers (`ccw coordinator restore --json`). */
interface RestoreReport {
  readonly target: string;
  readonly restore: number | null;
  readonly undo: string | null;
  readonly edited: readonly string[];
  readonly paths: readonly { readonly path: string; readonly action: string }[];
}

/** Shows step `step`'s diff and restore buttons in `root`. */
export async function showChanges(
  root: HTMLElement,
  session: string,
  current: () => SessionDetail,
  step: StepView,
): Promise<void> {
  const detail = current();
  const checkpoint = step.checkpoint as { before?: string; after?: string } | null;
  if (!checkpoint?.before || !checkpoint.after) {
    replace(
      root,
      h(
        "p",
        { class: "muted" },
        step.attempts.length === 0 ? "Not run yet." : "No checkpoints for this step.",
      ),
    );
    return;
  }
  const notice = h("div", { class: "notice" });
  const buttons = detail.actions.restore
    ? h(
        "div",
        { class: "actions" },
        (["before", "after"] as const).map((when) =>
          h(
            "button",
            {
              type: "button",
              class: "restore",
              "data-when": when,
              onclick: () => void restoreTo(session, current(), step, when, notice),
            },
            `Restore to ${when} this step`,
          ),
        ),
      )
    : null;
  try {
    const diff = await getJson<DiffView>(sessionPath(session, "steps", String(step.index), "diff"));
    replace(root, buttons, notice, renderDiff(diff));
  } catch (error) {
    replace(root, buttons, notice, h("p", { class: "error" }, (error as Error).message));
  }
}

async function restoreTo(
  session: string,
  detail: SessionDetail,
  step: StepView,
  when: "before" | "after",
  notice: HTMLElement,
): Promise<void> {
  const body = { updated_at: detail.updated_at, step: step.index, when };
  try {
    const plan = await postJson<RestoreReport>(sessionPath(session, "restore"), {
      ...body,
      dry_run: true,
    });
    const changes = plan.paths.filter((entry) => entry.action !== "skip");
    if (changes.length === 0) {
      replace(
        notice,
        h("p", { class: "info" }, `Nothing to restore: the files are already as ${plan.target}.`),
      );
      return;
    }
    const listing = changes.map((entry) => `${entry.action} ${entry.path}`).join(", ");
    const edited =
      plan.edited.length > 0
        ? ` Edited since the session left them (the restore will refuse): ${plan.edited.join(", ")}.`
        : "";
    const question = `Restore ${changes.length} file(s) to ${plan.target}?`;
    const detailText = `Runs \`ccw coordinator restore --${when}-step ${step.index + 1}\`: ${listing}. Only the working tree changes; the restore can be undone.${edited}`;
    if (!(await confirmAction(question, detailText, "Restore"))) return;
    const done = await postJson<RestoreReport>(sessionPath(session, "restore"), body);
    replace(
      notice,
      h(
        "p",
        { class: "info" },
        `Restored ${changes.length} file(s) to ${done.target}. Undo: ${done.undo ?? ""}`,
      ),
    );
  } catch (error) {
    const failure = error as ApiFailure;
    replace(
      notice,
      h(
        "p",
        { class: "error" },
        `${failure.message}${failure instanceof ApiFailure && failure.hint ? ` ${failure.hint}` : ""}`,
      ),
    );
  }
}
