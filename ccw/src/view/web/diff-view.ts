/** A step's diff between its checkpoints: the changed files with their line counts, then the patch. */
import type { DiffView } from "../api-types.js";
import { h } from "./dom.js";

const count = (value: number | null, sign: string) =>
  value === null ? "binary" : `${sign}${value}`;

/** The diff of one step. */
export function renderDiff(diff: DiffView): HTMLElement {
  return h(
    "div",
    { class: "diff" },
    h(
      "p",
      { class: "facts" },
      `${diff.stat.files} file(s) · `,
      h("span", { class: "added" }, `+${diff.stat.added}`),
      " ",
      h("span", { class: "removed" }, `−${diff.stat.removed}`),
    ),
    h(
      "ul",
      { class: "diff-files" },
      diff.files.map((file) =>
        h(
          "li",
          { "data-status": file.status },
          h("span", { class: `file-status ${file.status}` }, file.status),
          " ",
          h("code", null, file.path),
          " ",
          h("span", { class: "added" }, count(file.added, "+")),
          " ",
          h("span", { class: "removed" }, count(file.removed, "−")),
        ),
      ),
    ),
    diff.patch === ""
      ? h("p", { class: "muted" }, "The step changed nothing in the working tree.")
      : h("pre", { class: "patch" }, diff.patch.split("\n").map(patchLine)),
    diff.truncated ? h("p", { class: "muted" }, "Only the beginning of the diff is shown.") : null,
  );
}

function patchLine(line: string): HTMLElement {
  const kind =
    line.startsWith("+++") ||
    line.startsWith("---") ||
    line.startsWith("diff ") ||
    line.startsWith("index ")
      ? "meta"
      : line.startsWith("@@")
        ? "hunk"
        : line.startsWith("+")
          ? "add"
          : line.startsWith("-")
            ? "del"
            : "ctx";
  return h("span", { class: `line ${kind}` }, line === "" ? " " : line);
}
