import { BusyError, ExitCode, UsageError } from "../errors.js";
import { fitToStream } from "../lib/text/display-width.js";
import type { SessionState } from "../session/state-schema.js";
import type { CoordinatorEnvironment, RunOptions } from "./environment.js";
import { renderPipeline } from "./pipeline-view.js";
import {
  checkUnconfirmedRun,
  type PlanRequest,
  type PlanResult,
  type PlanSettings,
  planSession,
} from "./plan.js";
import type { CoordinatorPrompter, OfferedUnit } from "./prompter.js";
import type { ReportedRunOptions } from "./run-action.js";
import {
  acquireSessionLock,
  type LockEnvironment,
  readLiveOwner,
  systemLockEnvironment,
} from "./session-lock.js";
import { newSessionId } from "./session-paths.js";
import { renderList, renderStatus } from "./session-view.js";
import { checkRunnable, recoverOpenAttempts, release } from "./transitions.js";
import { findUnit } from "./units.js";

export interface PlanOptions extends PlanSettings {
  readonly yes: boolean;
  readonly planOnly: boolean;
  /** Show the plan and write nothing at all (`--plan-only` saves it for later). */
  readonly dryRun?: boolean;
  readonly verbose: boolean;
  readonly json: boolean;
  /** Run in a background process (./detach.ts) instead of this one. */
  readonly detach?: boolean;
}

/** `ccw coordinator codex <intent>`: plan, confirm, run. */
export async function planAndRun(
  env: CoordinatorEnvironment,
  intent: string,
  options: PlanOptions,
): Promise<void> {
  const { ctx, store } = env;
  const { yes, planOnly, dryRun, verbose, json, detach, ...settings } = options;
  const request: PlanRequest = {
    ...settings,
    intent,
    workspace: env.workspace,
    sessionId: newSessionId(env.now(), env.randomHex),
    now: env.now().toISOString(),
    promptFolders: env.promptFolders,
  };
  let plan = await planSession(request, env.prompts);
  const human = json ? ctx.stderr : ctx.stdout;
  const humanStyle = json ? ctx.style : ctx.outStyle;
  const show = (verbose: boolean) =>
    human.write(
      fitToStream(renderPipeline(plan.state, viewExtras(plan, verbose), humanStyle), human),
    );

  if (dryRun === true) {
    if (json) ctx.stdout.write(`${JSON.stringify(plan.state, null, 2)}\n`);
    show(verbose);
    ctx.stderr.write(
      "Dry run: nothing was saved or run. To save this plan for later, use --plan-only.\n",
    );
    return;
  }
  if (yes && !planOnly) checkUnconfirmedRun(plan);
  const interactive = env.prompter !== undefined && !yes && !planOnly;
  if (!interactive && !yes) {
    const saved = await store.create(plan.state);
    if (json) ctx.stdout.write(`${JSON.stringify(saved, null, 2)}\n`);
    show(verbose);
    const why = planOnly ? "" : " (stdin is not a terminal, so nothing ran; --yes runs at once)";
    ctx.stderr.write(
      `Planned ${plan.state.session_id}${why}. Run it: ccw coordinator resume ${plan.state.session_id} --yes${detach === true ? " --detach" : ""}\n`,
    );
    return;
  }
  show(verbose);
  if (interactive && env.prompter) {
    const confirmed = await confirmPlan(env, env.prompter, plan, request, show);
    if (confirmed === undefined) return;
    plan = confirmed;
  }
  const saved = await store.create(plan.state);
  if (json) ctx.stdout.write(`${JSON.stringify(saved)}\n`);
  await execute(env, plan.state.session_id, {
    json: json,
    fresh: false,
    ...(detach === true ? { detach } : {}),
    ...codexBinOf(options),
  });
}

/**
 * Asks until the plan is confirmed (returned, maybe adjusted) or cancelled (undefined; Ctrl-C
 * exits 130). Nothing is saved before the answer.
 */
async function confirmPlan(
  env: CoordinatorEnvironment,
  prompter: CoordinatorPrompter,
  first: PlanResult,
  request: PlanRequest,
  show: (verbose: boolean) => void,
): Promise<PlanResult | undefined> {
  let plan = first;
  const showing = (next: PlanResult, verbose: boolean) => {
    plan = next;
    show(verbose);
  };
  for (;;) {
    const decision = await prompter.confirmPlan(plan.state);
    if (decision === "confirm") return plan;
    if (decision === "cancel" || decision === "interrupted") {
      env.ctx.stderr.write("Cancelled: nothing was saved or run.\n");
      if (decision === "interrupted") env.setExitCode(ExitCode.interrupted);
      return undefined;
    }
    if (decision === "details") show(true);
    if (decision === "adjust") {
      const kept = await prompter.adjustUnits(plan.state, offeredUnits(plan));
      if (kept === "interrupted") {
        env.ctx.stderr.write("Cancelled: nothing was saved or run.\n");
        env.setExitCode(ExitCode.interrupted);
        return undefined;
      }
      const adjusted = await planSession(
        { ...request, chain: kept, depth: plan.state.options.depth },
        env.prompts,
      );
      showing(adjusted, false);
    }
  }
}

/** The units of the plan's alternatives that its chain does not have yet. */
function offeredUnits(plan: PlanResult): OfferedUnit[] {
  const have = new Set(plan.state.units.map((unit) => unit.id));
  const offered: OfferedUnit[] = [];
  const choices = [plan.rationale.chosen, ...plan.rationale.alternatives];
  for (const choice of choices) {
    for (const id of choice?.units ?? []) {
      const unit = findUnit(id);
      if (unit === undefined || have.has(id)) continue;
      have.add(id);
      offered.push({ id: unit.id, name: unit.name, steps: unit.steps });
    }
  }
  return offered;
}

/**
 * `ccw coordinator resume [<id>|--last]`. The run reads the state once, under the session's
 * lock, and asks for confirmation there, so what is confirmed is what runs.
 */
export async function resume(
  env: CoordinatorEnvironment,
  target: { id?: string; last: boolean },
  options: RunOptions & { yes: boolean },
): Promise<void> {
  const id = await env.store.resolveId(target.id, target.last);
  const { yes, ...run } = options;
  // A background run cannot ask: --detach runs without asking, as --yes does.
  if (run.detach === true) return execute(env, id, run);
  if (!yes && !env.prompter) return showWithoutRunning(env, id, options.json);
  await execute(env, id, {
    ...run,
    ...(yes ? {} : { confirm: (state: SessionState) => confirmResume(env, state, options.json) }),
  });
}

/** Resume without --yes and without a terminal: the session, and how to run it. */
async function showWithoutRunning(
  env: CoordinatorEnvironment,
  id: string,
  json: boolean,
): Promise<void> {
  const { ctx, store } = env;
  const state = await store.load(id);
  if (checkRunnable(state) === 0) {
    await store.tidyCompleted(id, env.lockEnvironment);
    if (json) ctx.stdout.write(`${JSON.stringify(state)}\n`);
    ctx.stderr.write(`${id} has already completed; nothing to run.\n`);
    return;
  }
  const ownerAlive = (await readLiveOwner(store.files(id).lock, lockEnv(env))) !== undefined;
  writeResumeView(env, state, ownerAlive, json);
  ctx.stderr.write(
    `Not running without --yes (stdin is not a terminal): ccw coordinator resume ${id} --yes\n`,
  );
}

/** Shows the session (its lock held: no other process runs it) and asks to run it. */
async function confirmResume(
  env: CoordinatorEnvironment,
  state: SessionState,
  json: boolean,
): Promise<boolean> {
  const { ctx, prompter } = env;
  if (!prompter) return false;
  writeResumeView(env, state, false, json);
  const decision = await prompter.confirmPlan(state);
  if (decision === "confirm") return true;
  ctx.stderr.write(
    decision === "adjust"
      ? 'A planned session is adjusted by planning it again: ccw coordinator codex "<intent>" --chain <unit,...>\n'
      : "Nothing was run or changed.\n",
  );
  // Ctrl-C at the question is a cancel that exits 130.
  if (decision === "interrupted") env.setExitCode(ExitCode.interrupted);
  return false;
}

function writeResumeView(
  env: CoordinatorEnvironment,
  state: SessionState,
  ownerAlive: boolean,
  json: boolean,
): void {
  const { ctx } = env;
  const human = json ? ctx.stderr : ctx.stdout;
  const style = json ? ctx.style : ctx.outStyle;
  human.write(
    fitToStream(renderStatus(state, { ownerAlive, style, workspace: env.workspace }), human),
  );
}

/** Runs a session; the execution machinery (runner, progress, Codex probes) loads only now. */
async function execute(
  env: CoordinatorEnvironment,
  id: string,
  options: ReportedRunOptions,
): Promise<void> {
  if (options.detach === true) return detachRun(env, id, options);
  const { runAndReport } = await import("./run-action.js");
  await runAndReport(env, id, options);
}

/** Starts session `id` in a background process (./detach.ts) and says how to follow it. */
async function detachRun(
  env: CoordinatorEnvironment,
  id: string,
  options: ReportedRunOptions,
): Promise<void> {
  const { ctx, store } = env;
  const state = await store.load(id);
  if (checkRunnable(state) === 0) {
    if (options.json) ctx.stdout.write(`${JSON.stringify(state)}\n`);
    ctx.stderr.write(`${id} has already completed; nothing to run.\n`);
    return;
  }
  const { startDetachedRun, describeDetachedRun } = await import("./detach.js");
  const run = await startDetachedRun(env, id, {
    fresh: options.fresh,
    ...codexBinOf(options),
  });
  ctx.stdout.write(
    options.json ? `${JSON.stringify({ ...run, status: "started" })}\n` : describeDetachedRun(run),
  );
}

/** `ccw coordinator status [<id>|--last] [--json] [--watch]`. */
export async function status(
  env: CoordinatorEnvironment,
  target: { id?: string; last: boolean },
  options: { json: boolean; watch: boolean; pollMs?: number },
): Promise<void> {
  const { ctx, store } = env;
  const id = await store.resolveId(target.id, target.last);
  const render = async (state: SessionState) => {
    if (options.json) return `${JSON.stringify(state, null, options.watch ? undefined : 2)}\n`;
    const ownerAlive = (await readLiveOwner(store.files(id).lock, lockEnv(env))) !== undefined;
    const text = renderStatus(state, {
      ownerAlive,
      style: ctx.outStyle,
      workspace: env.workspace,
      watching: options.watch,
    });
    return fitToStream(text, ctx.stdout);
  };
  let state = await store.load(id);
  let shown = await render(state);
  ctx.stdout.write(shown);
  if (!options.watch) return;

  const signal = ctx.interruptSignal();
  const redraw = ctx.stdout.isTTY === true && !options.json;
  while (!signal.aborted && (await isLive(env, id, state))) {
    await sleep(options.pollMs ?? 500, signal);
    const next = await store.load(id);
    if (next.updated_at === state.updated_at) continue;
    state = next;
    const text = await render(state);
    if (redraw) ctx.stdout.write(`\u001b[${shown.split("\n").length - 1}F\u001b[J`);
    ctx.stdout.write(text);
    shown = text;
  }
}

async function isLive(
  env: CoordinatorEnvironment,
  id: string,
  state: SessionState,
): Promise<boolean> {
  if (state.status !== "running") return false;
  return (await readLiveOwner(env.store.files(id).lock, lockEnv(env))) !== undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** `ccw coordinator list [--json] [--limit <n> | --all]`: without a limit, every session. */
export async function list(
  env: CoordinatorEnvironment,
  options: { json: boolean; limit?: number },
): Promise<void> {
  const { ctx } = env;
  const { sessions, problems, total } = await env.store.list(
    options.limit === undefined ? {} : { limit: options.limit },
  );
  const omitted = Math.max(0, total - sessions.length - problems.length);
  if (options.json) {
    const { sessionListing } = await import("./json-output.js");
    ctx.stdout.write(`${JSON.stringify(sessionListing(sessions, problems, omitted), null, 2)}\n`);
  } else {
    const live = new Set<string>();
    for (const state of sessions) {
      if (state.status !== "running") continue;
      const owner = await readLiveOwner(env.store.files(state.session_id).lock, lockEnv(env));
      if (owner !== undefined) live.add(state.session_id);
    }
    ctx.stdout.write(fitToStream(renderList(sessions, ctx.outStyle, live), ctx.stdout));
  }
  if (omitted > 0)
    ctx.stderr.write(
      `${omitted} older session${omitted === 1 ? "" : "s"} not shown (${total} in all): --all shows every one, --limit <n> the newest n.\n`,
    );
  for (const problem of problems)
    ctx.stderr.write(
      `${ctx.style.yellow(`warning: ${problem.id}: ${problem.message.split("\n")[0]}`)}\n`,
    );
}

/** `ccw coordinator abort <id>`: stops the session for good (its running process first). */
export async function abort(
  env: CoordinatorEnvironment,
  id: string,
  options: { waitMs?: number } = {},
): Promise<void> {
  const { ctx, store } = env;
  const state = await store.load(id);
  if (state.status === "aborted") {
    ctx.stderr.write(`${id} is already aborted.\n`);
    return;
  }
  if (state.status === "completed") {
    throw new UsageError(`${id} has completed; there is nothing to abort`);
  }
  const lockDir = store.files(id).lock;
  const owner = await readLiveOwner(lockDir, lockEnv(env));
  if (owner) {
    if (owner.host !== lockEnv(env).host) {
      throw new BusyError(`${id} is run by pid ${owner.pid} on host ${owner.host}; stop it there`);
    }
    ctx.stderr.write(`Stopping pid ${owner.pid}, which runs ${id}...\n`);
    // Said first, so that the stopped run ends `aborted` (by this pid), not `waiting`.
    await store.requestAbort(id, lockEnv(env).pid);
    lockEnv(env).terminate(owner.pid);
    const deadline = Date.now() + (options.waitMs ?? 20_000);
    while ((await readLiveOwner(lockDir, lockEnv(env))) && Date.now() < deadline) {
      await sleep(100, new AbortController().signal);
    }
  }
  // What a killed runner left working in the workspace stops before the session is marked.
  const { stopOrphans } = await import("./orphan.js");
  await stopOrphans(openPids(await store.load(id)));
  const lock = await acquireSessionLock(lockDir, lockEnv(env));
  try {
    const current = await store.load(id);
    await stopOrphans(openPids(current));
    if (current.status !== "aborted") {
      const recovered = recoverOpenAttempts(current, env.now().toISOString()).state;
      await store.save(release(recovered, "aborted"));
      await store.appendEvent(id, {
        kind: "session.aborted",
        detail: `by pid ${lockEnv(env).pid} (ccw coordinator abort)`,
      });
    }
    await store.clearAbortRequest(id);
  } finally {
    await lock.release();
  }
  ctx.stdout.write(`${id}: aborted\n`);
}

function openPids(state: SessionState): number[] {
  return state.execution_results.flatMap((record) =>
    record.status === "started" && record.pid !== undefined ? [record.pid] : [],
  );
}

function lockEnv(env: CoordinatorEnvironment): LockEnvironment {
  return env.lockEnvironment ?? systemLockEnvironment;
}

function viewExtras(plan: PlanResult, verbose: boolean) {
  return { expected: plan.expected, ...(verbose ? { rationale: plan.rationale } : {}) };
}

function codexBinOf(options: { codexBin?: string }): { codexBin?: string } {
  return options.codexBin === undefined ? {} : { codexBin: options.codexBin };
}
