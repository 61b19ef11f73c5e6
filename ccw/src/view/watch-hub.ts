/**
 * One file watcher for every open page: chokidar on the workspace, limited by `watchedPath` to
 * the sessions folder. Changes are gathered for a few milliseconds, deduplicated, and passed to
 * every listener (the SSE clients). Nothing polls: an idle server waits on inotify/FSEvents.
 */
import { type FSWatcher, watch } from "chokidar";
import type { ChangeEvent } from "./api-types.js";
import { classifyChange, watchedPath } from "./change-path.js";

export type ChangeListener = (changes: readonly ChangeEvent[]) => void;

/** How long changes are gathered before they are sent (a state write touches several files). */
const GATHER_MS = 25;

/** The shared watcher of a workspace's sessions folder. */
export class WatchHub {
  private readonly listeners = new Set<ChangeListener>();
  private pending = new Map<string, ChangeEvent>();
  private timer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private readyPromise: Promise<void> | undefined;

  constructor(
    private readonly workspace: string,
    private readonly root: string,
    private readonly onError: (message: string) => void = () => {},
  ) {}

  /** Starts watching; resolves when the first scan is done. */
  start(): Promise<void> {
    if (this.readyPromise) return this.readyPromise;
    const watcher = watch(this.workspace, {
      ignoreInitial: true,
      ignored: (file) => !watchedPath(this.workspace, this.root, file),
      persistent: true,
    });
    this.watcher = watcher;
    watcher.on("all", (_event, file) => this.noticed(file));
    watcher.on("error", (error) =>
      this.onError(error instanceof Error ? error.message : String(error)),
    );
    this.readyPromise = new Promise((resolve) => watcher.once("ready", () => resolve()));
    return this.readyPromise;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many listeners there are. */
  get size(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
    await this.watcher?.close();
  }

  private noticed(file: string): void {
    const change = classifyChange(this.root, file);
    if (!change) return;
    this.pending.set(`${change.session}\0${change.what}\0${change.step ?? ""}`, change);
    this.timer ??= setTimeout(() => this.flush(), GATHER_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const changes = [...this.pending.values()];
    this.pending = new Map();
    for (const listener of this.listeners) listener(changes);
  }
}
