/** The server's event stream: one EventSource for the page, with listeners per view. */
import type { ChangeEvent } from "../api-types.js";

type ChangeListener = (change: ChangeEvent) => void;

const changeListeners = new Set<ChangeListener>();

/** Connects to /api/stream and shows the connection in `indicator`. */
export function connectLive(indicator: HTMLElement): void {
  const source = new EventSource("/api/stream");
  const show = (text: string, state: string) => {
    indicator.textContent = text;
    indicator.dataset.state = state;
  };
  let connected = false;
  source.addEventListener("hello", () => {
    show("live", "live");
    // After a reconnection, changes may have been missed: every view reloads.
    if (connected)
      for (const listener of changeListeners) listener({ session: null, what: "session" });
    connected = true;
  });
  source.addEventListener("error", () => show("reconnecting…", "down"));
  source.addEventListener("change", (event) => {
    const change = JSON.parse((event as MessageEvent<string>).data) as ChangeEvent;
    for (const listener of changeListeners) listener(change);
  });
}

/** Listens to changes until the returned function is called. */
export function onChange(listener: ChangeListener): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

/** `run`, called at most once per `ms` however often the returned function is called. */
export function coalesce(run: () => void, ms: number): () => void {
  let waiting = false;
  return () => {
    if (waiting) return;
    waiting = true;
    window.setTimeout(() => {
      waiting = false;
      run();
    }, ms);
  };
}
