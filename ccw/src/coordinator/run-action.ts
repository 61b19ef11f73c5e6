/**
 * Running a session from the command line: the Codex binary and its version check, progress on
 * stderr, the summary at the end. Loaded only when a session runs, so planning, status and list
 * never load the runner and Node's process modules.
 */
import { createStepCheckpoints, type StepCheckpoints } from "../checkpoints/step-checkpoints.js";
import { checkCodexVersion } from "../parity/version-range.js";
import type { SessionState } from "../session/state-schema.js";
import { probeCodexVersion, resolveCodexBinary } from "../tools/codex/codex-binary.js";
import { closeCodexGuard } from "../tools/codex/codex-guard.js";
import type { CoordinatorEnvironment, RunOptions } from "./environment.js";
import { runSession } from "./execute.js";
import { createProgressObserver, repairProgress } from "./progress.js";
import { displayStatus, nextAction } from "./session-view.js";

/** What a run from the command line may ask before it starts. */
export interface ReportedRunOptions extends RunOptions {
  /** Asked under the lock with the state as loaded; `false` runs nothing. */
  readonly confirm?: (state: SessionState) => Promise<boolean>;
}

/**
 * Runs session `id` with the shared Codex runner and reports how it ended. The state is read
 * once, under the session's lock (runSession); the Codex binary is found from it there.
 */
export async function runAndReport(
  env: CoordinatorEnvironment,
  id: string,
  options: ReportedRunOptions,
): Promise<void> {
  const { ctx, store } = env;
  const sink = { stream: ctx.stderr, style: ctx.style };
  const progress = { ...createProgressObserver(sink), ...repairProgress(sink) };
  // This run's own duration, from its start (after any question): a resume does not count
  // the hours the session waited.
  let runStarted = env.now().getTime();
  const observer: typeof progress = {
    ...progress,
    sessionStarted(state, info) {
      runStarted = env.now().getTime();
      progress.sessionStarted?.(state, info);
    },
  };
  let result: Awaited<ReturnType<typeof runSession>>;
  try {
    result = await runSession(id, {
      store,
      prompts: env.prompts,
      run: (runOptions) =>
        env.run({
          ...runOptions,
          ...(env.probeCacheFile === undefined ? {} : { probeCacheFile: env.probeCacheFile }),
        }),
      codexBin: (state) => checkedCodexBinary(env, options.codexBin ?? state.options.codex_bin),
      env: ctx.env,
      signal: ctx.interruptSignal(),
      now: env.now,
      ...(env.prompter ? { prompter: env.prompter } : {}),
      observer,
      ...(env.lockEnvironment ? { lockEnvironment: env.lockEnvironment } : {}),
      fresh: options.fresh,
      checkpoints: stepCheckpointsOf(env),
      ...(options.confirm ? { confirm: options.confirm } : {}),
    });
  } finally {
    observer.close();
    await closeCodexGuard();
  }
  report(env, id, result, options.json, env.now().getTime() - runStarted);
}

/** The Codex binary to run (`explicit`, or the usual search), warned about when out of range. */
async function checkedCodexBinary(
  env: CoordinatorEnvironment,
  explicit: string | undefined,
): Promise<string> {
  const { ctx } = env;
  const bin = resolveCodexBinary({
    ...(explicit === undefined ? {} : { explicit }),
    env: ctx.env,
    workspace: env.workspace,
  });
  const version = await probeCodexVersion(bin.path, {
    env: ctx.env,
    ...(env.probeCacheFile === undefined ? {} : { cacheFile: env.probeCacheFile }),
  }).catch(() => undefined);
  const check = checkCodexVersion(version?.semver);
  if (check.status !== "ok" && check.message)
    ctx.stderr.write(`${ctx.style.yellow(`warning: ${check.message}`)}\n`);
  return bin.path;
}

/** The end of a run on the terminal: the state (--json) or a summary, and what to do next. */
function report(
  env: CoordinatorEnvironment,
  id: string,
  result: Awaited<ReturnType<typeof runSession>>,
  json: boolean,
  tookMs: number,
): void {
  const { ctx } = env;
  const final = result.state;
  if (result.ran === "declined") return;
  if (result.abortedBy !== undefined) {
    const by = result.abortedBy > 0 ? `pid ${result.abortedBy}` : "another process";
    ctx.stderr.write(`${final.session_id} was aborted by ${by} (ccw coordinator abort).\n`);
  }
  if (json) ctx.stdout.write(`${JSON.stringify(final)}\n`);
  if (result.ran === "already-completed") {
    ctx.stderr.write(`${id} has already completed; nothing to run.\n`);
    return;
  }
  if (!json) ctx.stdout.write(runSummary(final, tookMs));
  const next = nextAction(final, false);
  if (next && final.status !== "completed") ctx.stderr.write(`next: ${next}\n`);
  env.setExitCode(result.exitCode);
}

/** One line: how the session stands after this run, and how long the run took. */
export function runSummary(state: SessionState, tookMs: number): string {
  const done = state.command_chain.filter((step) => step.status === "completed").length;
  const skipped = state.command_chain.filter((step) => step.status === "skipped").length;
  const ran = state.execution_results.length > 0 ? ` in ${formatSeconds(tookMs)}` : "";
  return `${state.session_id}: ${displayStatus(state)} (${done}/${state.command_chain.length} steps completed${skipped > 0 ? `, ${skipped} skipped` : ""})${ran}\n`;
}

function formatSeconds(ms: number): string {
  return ms >= 60_000
    ? `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`
    : `${(ms / 1000).toFixed(1)}s`;
}

/** The checkpoints a run takes in the workspace (docs/coordinator.md, "Checkpoints"). */
function stepCheckpointsOf(env: CoordinatorEnvironment): StepCheckpoints {
  return createStepCheckpoints({
    workspace: env.workspace,
    sessionDir: (id) => env.store.files(id).dir,
    env: env.ctx.env,
    now: env.now,
  });
}
