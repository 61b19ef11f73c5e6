import { describe, expect, it } from "vitest";
import { type PlannablePrompt, planSession } from "../../ccw/src/coordinator/plan.js";
import { InvalidDataError, NotFoundError } from "../../ccw/src/errors.js";
import { listPlaceholders } from "../../ccw/src/tools/registry/prompt-expansion.js";

function prompt(name: string, body: string): PlannablePrompt {
  return {
    name,
    category: "utility",
    path: `/ws/.codex/prompts/${name}.md`,
    body,
    placeholders: listPlaceholders(body),
  };
}

const request = (chain: string[]) => ({
  intent: "fix the login bug",
  workspace: "/ws",
  sessionId: "codex-coord-20261121-143025-7f3a",
  now: "2026-11-21T14:30:25.000Z",
  chain,
  maxRetries: 1,
  timeoutMs: 60_000,
  allowPartial: true,
  promptFolders: ["/ws/.codex/prompts", "/home/.codex/prompts"],
});

/** A lookup with the given prompts and the diagnostics of files that could not be loaded. */
function lookup(
  prompts: PlannablePrompt[],
  diagnostics: { file: string; line?: number; message: string }[] = [],
) {
  return {
    get: async (name: string) => prompts.find((candidate) => candidate.name === name),
    list: async () => ({ prompts, diagnostics }),
  };
}

async function planningError(chain: string[], prompts: ReturnType<typeof lookup>) {
  return planSession(request(chain), prompts).then(
    () => {
      throw new Error("planned");
    },
    (error: unknown) => error,
  );
}

describe("planSession with prompts that cannot be used", () => {
  it("names the file's problem for a prompt that exists but cannot be loaded (65), not 'not found'", async () => {
    const error = await planningError(
      ["broken"],
      lookup([], [{ file: "/ws/.codex/prompts/broken.md", line: 2, message: "YAML syntax error" }]),
    );
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as Error).message).toBe(
      "cannot plan with /ws/.codex/prompts/broken.md:2: YAML syntax error",
    );
  });

  it("still reports a prompt with no file at all as not found (66)", async () => {
    const error = await planningError(["nowhere"], lookup([]));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain("unknown unit or prompt nowhere");
  });

  it("refuses a prompt that expands to nothing", async () => {
    const error = await planningError(["blank"], lookup([prompt("blank", "\n  \n")]));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as Error).message).toContain(
      "/ws/.codex/prompts/blank.md: it is empty: there is nothing to send to Codex",
    );
  });
});
