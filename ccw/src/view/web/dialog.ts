/** The confirmation every action asks for, as an in-page dialog. */
import { h } from "./dom.js";

/** Asks `question` (with `detail`); resolves true when the user confirms. */
export function confirmAction(
  question: string,
  detail: string,
  confirmLabel: string,
): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h(
      "dialog",
      { class: "confirm", "aria-label": question },
      h("h2", null, question),
      h("p", null, detail),
      h(
        "div",
        { class: "buttons" },
        h(
          "button",
          { type: "button", class: "cancel", onclick: () => dialog.close("cancel") },
          "Cancel",
        ),
        h(
          "button",
          {
            type: "button",
            class: "danger confirm-button",
            onclick: () => dialog.close("confirm"),
          },
          confirmLabel,
        ),
      ),
    );
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "confirm");
      dialog.remove();
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}
