/**
 * A `ccw view` server on a temp workspace for tests, and a raw HTTP client that can send any
 * Host, Origin or Cookie header (fetch cannot set Host).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { SessionStore } from "../../ccw/src/coordinator/session-store.js";
import type { SessionState } from "../../ccw/src/session/state-schema.js";
import { startViewServer, type ViewServer } from "../../ccw/src/view/view-server.js";
import { testContext } from "../helpers/cli-context.js";
import { plannedSession } from "../helpers/session-fixture.js";

export interface ViewWorld {
  readonly root: string;
  readonly workspace: string;
  readonly store: SessionStore;
  readonly server: ViewServer;
  /** GET/POST with the token header unless `headers` says otherwise. */
  request(options: RequestOptions): Promise<Answer>;
  close(): Promise<void>;
}

export interface RequestOptions {
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string | undefined>;
  readonly body?: unknown;
  /** Leave the token header out. */
  readonly anonymous?: boolean;
}

export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  json<T = unknown>(): T;
}

/** Starts a server on a new temp workspace; `cliCommand` runs in place of ccw for resume (the context's selfCommand). */
export async function startViewWorld(
  options: {
    cliCommand?: readonly string[];
    token?: string;
    /** Runs before the server starts, on the workspace's store. */
    prepare?: (store: SessionStore) => Promise<void>;
  } = {},
): Promise<ViewWorld> {
  const root = mkdtempSync(path.join(os.tmpdir(), "ccw-view-"));
  const workspace = path.join(root, "workspace");
  const assets = path.join(root, "assets");
  mkdirSync(workspace);
  mkdirSync(assets);
  writeFileSync(path.join(assets, "app.js"), "console.log('app');\n");
  writeFileSync(path.join(assets, "app.css"), "body{}\n");
  writeFileSync(path.join(assets, "favicon.svg"), "<svg/>\n");
  const { ctx: base } = testContext({ cwd: workspace, env: { PATH: process.env.PATH } });
  const [command, ...rest] = options.cliCommand ?? [process.execPath, "-e", "process.exit(0)"];
  const ctx = { ...base, selfCommand: [command ?? process.execPath, ...rest] as const };
  const store = new SessionStore(workspace);
  await options.prepare?.(store);
  const server = await startViewServer({
    ctx,
    workspace,
    host: "127.0.0.1",
    port: 0,
    assetsDir: assets,
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  return {
    root,
    workspace,
    store,
    server,
    request: (request) => send(server, request),
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function send(server: ViewServer, options: RequestOptions): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    Host: `127.0.0.1:${server.port}`,
    ...(options.anonymous ? {} : { "X-CCW-Token": server.token }),
    ...(body === undefined ? {} : { "Content-Type": "application/json" }),
  };
  for (const [key, value] of Object.entries(options.headers ?? {})) {
    const existing = Object.keys(headers).find((name) => name.toLowerCase() === key.toLowerCase());
    if (existing) delete headers[existing];
    if (value !== undefined) headers[key] = value;
  }
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        path: options.path,
        method: options.method ?? (body === undefined ? "GET" : "POST"),
        headers,
        setHost: false,
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: <T>() => JSON.parse(text) as T,
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Creates a session in `store` (folders, state.json, events.jsonl) like planning does. */
export async function createSession(
  store: SessionStore,
  id: string,
  overrides: Partial<SessionState> = {},
): Promise<SessionState> {
  return store.create(plannedSession({ session_id: id, workspace: store.workspace, ...overrides }));
}

/** An open event stream: its events, once `stop` says so. */
export interface EventReader {
  /** Resolves when the server has said hello (the page is connected). */
  readonly open: Promise<void>;
  readonly events: Promise<{ event: string; data: unknown; at: number }[]>;
}

/** Connects to the event stream and reads until `stop` holds. */
export function streamEvents(
  server: ViewServer,
  stop: (events: readonly { event: string; data: unknown }[]) => boolean,
  timeoutMs = 10_000,
): EventReader {
  let opened: () => void = () => {};
  const open = new Promise<void>((resolve) => {
    opened = resolve;
  });
  return { open, events: readEvents(server, stop, timeoutMs, () => opened()) };
}

/** Reads server-sent events from the stream until `stop` says so (or `timeoutMs`). */
export function readEvents(
  server: ViewServer,
  stop: (events: readonly { event: string; data: unknown }[]) => boolean,
  timeoutMs = 10_000,
  onOpen: () => void = () => {},
): Promise<{ event: string; data: unknown; at: number }[]> {
  return new Promise((resolve, reject) => {
    const events: { event: string; data: unknown; at: number }[] = [];
    const request = http.get(
      {
        host: "127.0.0.1",
        port: server.port,
        path: "/api/stream",
        headers: { "X-CCW-Token": server.token },
      },
      (response) => {
        let buffer = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) {
              events.push({ event, data: JSON.parse(data), at: performance.now() });
              if (event === "hello") onOpen();
              if (stop(events)) {
                clearTimeout(timer);
                request.destroy();
                resolve(events);
              }
            }
            end = buffer.indexOf("\n\n");
          }
        });
      },
    );
    request.on("error", () => {});
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`timed out; events so far: ${JSON.stringify(events)}`));
    }, timeoutMs);
  });
}
