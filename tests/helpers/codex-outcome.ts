import type { CodexRunOutcome, CodexRunReport } from "../../ccw/src/tools/codex/codex-runner.js";

/**
 * A Codex run outcome for tests that fake the runner: completed unless `overrides` says
 * otherwise (a status other than completed should come with an `error`).
 */
export function codexOutcome(
  overrides: Partial<CodexRunReport> & { status?: CodexRunOutcome["status"]; error?: string } = {},
): CodexRunOutcome {
  return {
    status: "completed",
    argv: [],
    exitCode: 0,
    signal: null,
    turnCompleted: true,
    commands: [],
    filesChanged: [],
    stderrTail: "",
    protocolProblems: [],
    handlerErrors: [],
    durationMs: 1,
    lastMessage: "STATUS: ok",
    ...overrides,
  } as CodexRunOutcome;
}
