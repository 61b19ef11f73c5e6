/**
 * `ccw coordinator wait <id>|--last`: blocks until a session stops or the time runs out,
 * printing each step event (events.jsonl) as it is appended. It watches the session folder
 * (fs.watch: state.json is replaced by a rename, events.jsonl grows) and looks again every two
 * seconds anyway, because a runner that is killed changes no file: the wait then notices that
 * no process owns the session and says so instead of hanging.
 */
import { watch } from "node:fs";
import fs from "node:fs/promises";
import type { SessionState } from "../session/state-schema.js";
import type { CoordinatorEnvironment } from "./environment.js";
import { readRunnerRecord, runnerAlive } from "./runner-record.js";
import { type LockEnvironment, readLiveOwner, systemLockEnvironment } from "./session-lock.js";
import { SessionEvent } from "./session-store.js";
import { describeEvent, timeoutVerdict, type WaitVerdict, waitVerdict } from "./wait-verdict.js";

export interface WaitOptions {
  readonly json: boolean;
  /** Give up after this long (exit 124); none: wait for as long as it runs. */
  readonly timeoutMs?: number;
  /** How often to look without a file event (default 2000 ms). */
  readonly pollMs?: number;
}

/** Waits for session `target` and sets the exit code of its outcome (docs/cli.md). */
export async function waitForSession(
  env: CoordinatorEnvironment,
  target: { id?: string; last: boolean },
  options: WaitOptions,
): Promise<void> {
  const { ctx, store } = env;
  const id = await store.resolveId(target.id, target.last);
  let state = await store.load(id);
  const files = store.files(id);
  const lockEnv: LockEnvironment = env.lockEnvironment ?? systemLockEnvironment;
  const signal = ctx.interruptSignal();
  const started = Date.now();
  const events = new EventTail(files.events);
  await events.skipExisting();

  const print = (line: string, json: Record<string, unknown>) =>
    ctx.stdout.write(
      options.json ? `${JSON.stringify({ session_id: id, ...json })}\n` : `${line}\n`,
    );
  const flushEvents = async () => {
    const fresh = await events.read();
    // An event is appended after the state write it reports: read the state again to show it.
    if (fresh.length > 0) state = await store.load(id);
    for (const event of fresh) {
      const line = describeEvent(event, state);
      if (line !== undefined)
        print(line, {
          event: event.kind,
          step: event.step,
          time: event.time,
          ...(event.detail === undefined ? {} : { detail: event.detail }),
        });
    }
  };
  const alive = async () =>
    (await readLiveOwner(files.lock, lockEnv)) !== undefined ||
    runnerAlive(await readRunnerRecord(files.dir), lockEnv);

  if (!options.json) ctx.stderr.write(startLine(state, options.timeoutMs));

  const wake = new Wake();
  const watcher = startWatch(files.dir, () => wake.fire());
  try {
    for (;;) {
      let verdict = waitVerdict(state, await alive());
      if (verdict?.outcome === "runner-gone") {
        // The runner may have ended normally between our two reads: look once more.
        state = await store.load(id);
        verdict = waitVerdict(state, await alive());
      }
      await flushEvents();
      if (verdict !== undefined) return finish(await withRunnerLog(verdict, files.dir));
      if (signal.aborted) {
        ctx.stderr.write(`Stopped waiting; ${id} goes on (ccw coordinator wait ${id}).\n`);
        env.setExitCode(130);
        return;
      }
      const left =
        options.timeoutMs === undefined ? Infinity : started + options.timeoutMs - Date.now();
      if (left <= 0) return finish(timeoutVerdict(state, formatTimeout(options.timeoutMs ?? 0)));
      await wake.next(Math.min(options.pollMs ?? 2000, left), signal);
      state = await store.load(id);
    }
  } finally {
    watcher?.close();
  }

  function finish(verdict: WaitVerdict): void {
    print(`${verdict.message}${verdict.next === undefined ? "" : `\nnext: ${verdict.next}`}`, {
      event: "end",
      outcome: verdict.outcome,
      status: state.status,
      exit_code: verdict.exitCode,
      message: verdict.message,
      ...(verdict.next === undefined ? {} : { next: verdict.next }),
    });
    env.setExitCode(verdict.exitCode);
  }
}

/** A run that stopped part-way after `--detach`: its output may say why (a missing Codex). */
async function withRunnerLog(verdict: WaitVerdict, dir: string): Promise<WaitVerdict> {
  if (verdict.outcome !== "waiting" && verdict.outcome !== "runner-gone") return verdict;
  const record = await readRunnerRecord(dir);
  return record === undefined
    ? verdict
    : { ...verdict, message: `${verdict.message} (its output: ${record.log})` };
}

/** `Waiting for <id> (running, 1/2 steps completed) for at most 100s...` */
function startLine(state: SessionState, timeoutMs: number | undefined): string {
  const done = state.command_chain.filter((step) => step.status === "completed").length;
  const limit = timeoutMs === undefined ? "" : ` for at most ${formatTimeout(timeoutMs)}`;
  return `Waiting for ${state.session_id} (${state.status}, ${done}/${state.command_chain.length} steps completed)${limit}...\n`;
}

/** `90s`, `10m`, `1h30m`: how a timeout is shown and given back in `wait again` hints. */
export function formatTimeout(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** Reads the lines appended to events.jsonl since the last read. */
class EventTail {
  private offset = 0;
  private partial = "";

  constructor(private readonly file: string) {}

  async skipExisting(): Promise<void> {
    this.offset = await fs.stat(this.file).then(
      (stat) => stat.size,
      () => 0,
    );
  }

  async read(): Promise<SessionEvent[]> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file, "r");
    } catch {
      return [];
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.offset) return [];
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset += bytesRead;
      const text = this.partial + buffer.subarray(0, bytesRead).toString("utf8");
      const lines = text.split("\n");
      this.partial = lines.pop() ?? "";
      return lines.flatMap((line) => {
        try {
          const parsed = SessionEvent.safeParse(JSON.parse(line));
          return parsed.success ? [parsed.data] : [];
        } catch {
          return [];
        }
      });
    } finally {
      await handle.close();
    }
  }
}

/** A wake-up call shared by the file watcher and the timer. */
class Wake {
  private resolve: (() => void) | undefined;
  private pending = false;

  fire(): void {
    if (this.resolve) {
      this.resolve();
      this.resolve = undefined;
    } else {
      this.pending = true;
    }
  }

  next(ms: number, signal: AbortSignal): Promise<void> {
    if (this.pending || signal.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.resolve = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
      this.resolve = done;
    });
  }
}

/** Watches `dir`; `undefined` when the platform cannot (the two-second look still works). */
function startWatch(dir: string, onChange: () => void): { close(): void } | undefined {
  try {
    const watcher = watch(dir, { persistent: false }, () => onChange());
    watcher.on("error", () => watcher.close());
    return watcher;
  } catch {
    return undefined;
  }
}
