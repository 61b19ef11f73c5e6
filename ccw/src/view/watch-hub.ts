/**
 * One file watcher for every open page: chokidar on the workspace, limited by `watchedPath` to
 * the sessions folder, and below the session folders to the steps of running sessions (a
 * finished session's steps do not change, and a workspace may hold thousands). Changes are
 * gathered for a few milliseconds, deduplicated, and passed to every listener (the SSE
 * clients). Nothing polls: an idle server waits on inotify/FSEvents.
 */
import fs from "node:fs";
import path from "node:path";
import { type FSWatcher, watch } from "chokidar";
import type { ChangeEvent } from "./api-types.js";
import { classifyChange, watchedPath } from "./change-path.js";

export type ChangeListener = (changes: readonly ChangeEvent[]) => void;

/** How long changes are gathered before they are sent (a state write touches several files). */
const GATHER_MS = 25;

export interface WatchHubOptions {
  /** Whether session `id` runs now (its steps are then watched). */
  readonly isRunning: (id: string) => boolean;
  readonly onError?: (message: string) => void;
}

/** The shared watcher of a workspace's sessions folder. */
export class WatchHub {
  private readonly listeners = new Set<ChangeListener>();
  private readonly running = new Set<string>();
  private pending = new Map<string, ChangeEvent>();
  private timer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private readyPromise: Promise<void> | undefined;

  constructor(
    private readonly workspace: string,
    private readonly root: string,
    private readonly options: WatchHubOptions,
  ) {}

  /** Starts watching; resolves when the first scan is done. */
  start(): Promise<void> {
    if (this.readyPromise) return this.readyPromise;
    for (const id of safeList(this.root)) if (this.options.isRunning(id)) this.running.add(id);
    const watcher = watch(this.workspace, {
      ignoreInitial: true,
      ignored: (file) =>
        !watchedPath(this.workspace, this.root, file, (id) => this.running.has(id)),
      persistent: true,
    });
    this.watcher = watcher;
    watcher.on("all", (_event, file) => this.noticed(file));
    watcher.on("error", (error) =>
      this.options.onError?.(error instanceof Error ? error.message : String(error)),
    );
    this.readyPromise = new Promise((resolve) => watcher.once("ready", () => resolve()));
    return this.readyPromise;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The sessions whose steps are watched now. */
  get watchedSteps(): ReadonlySet<string> {
    return this.running;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
    await this.watcher?.close();
  }

  private noticed(file: string): void {
    const change = classifyChange(this.root, file);
    if (!change) return;
    if (change.session !== null && (change.what === "state" || change.what === "session")) {
      this.followSteps(change.session);
    }
    this.pending.set(`${change.session}\0${change.what}\0${change.step ?? ""}`, change);
    this.timer ??= setTimeout(() => this.flush(), GATHER_MS);
  }

  /** Starts or stops watching a session's steps as it starts or stops running. */
  private followSteps(id: string): void {
    const steps = path.join(this.root, id, "steps");
    const running = this.options.isRunning(id);
    if (running && !this.running.has(id)) {
      this.running.add(id);
      this.watcher?.add(steps);
    } else if (!running && this.running.has(id)) {
      this.running.delete(id);
      this.watcher?.unwatch(steps);
    }
  }

  private flush(): void {
    this.timer = undefined;
    const changes = [...this.pending.values()];
    this.pending = new Map();
    for (const listener of this.listeners) listener(changes);
  }
}

function safeList(folder: string): string[] {
  try {
    return fs.readdirSync(folder);
  } catch {
    return [];
  }
}
