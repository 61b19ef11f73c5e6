import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createInquirerPrompter } from "../../ccw/src/coordinator/prompter.js";
import type { SessionState } from "../../ccw/src/session/state-schema.js";
import { plannedSession } from "../helpers/session-fixture.js";

/** A terminal: keys go in, the questions come out. */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
  let text = "";
  output.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { input, output, text: () => text };
}

async function asked(state: SessionState, keys: string) {
  const tty = terminal();
  const prompter = createInquirerPrompter(tty.input, tty.output);
  const answer = prompter.confirmPlan(state);
  setTimeout(() => tty.input.write(keys), 200);
  return { answer: await answer, text: tty.text() };
}

describe("the terminal's questions", () => {
  it("Ctrl-C at the confirmation is the answer 'interrupted', not an error", async () => {
    const { answer } = await asked(plannedSession(), "\u0003");
    expect(answer).toBe("interrupted");
  });

  it("a fresh plan asks about the whole chain", async () => {
    const state = plannedSession();
    const { answer, text } = await asked(state, "\r");
    expect(answer).toBe("confirm");
    expect(text).toContain(`Run this chain of ${state.command_chain.length} steps?`);
  });

  it("a resume counts the steps that remain", async () => {
    const state = plannedSession();
    const done: SessionState = {
      ...state,
      command_chain: state.command_chain.map((step, index) =>
        index === 0 ? { ...step, status: "completed" } : step,
      ),
    };
    const { text } = await asked(done, "\r");
    const left = state.command_chain.length - 1;
    expect(text).toContain(
      `Run the ${left} remaining step${left === 1 ? "" : "s"} of this chain of ${state.command_chain.length}?`,
    );
  });
});
