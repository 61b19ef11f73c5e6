/**
 * `ccw view`'s HTTP server: the page, its assets, the JSON API and the event stream, for one
 * workspace, behind the checks of request-gate.ts (docs/dashboard.md, "Security").
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { CliContext } from "../context.js";
import type { LockEnvironment } from "../coordinator/session-lock.js";
import { SessionStore } from "../coordinator/session-store.js";
import { type RouteContext, routeApi } from "./api-routes.js";
import { EventStreams } from "./event-streams.js";
import { readJsonBody, send, sendJson } from "./http-answers.js";
import { ASSETS, pageHtml } from "./page.js";
import { checkRequest, type GateSettings } from "./request-gate.js";
import { allowedHostHeaders, SECURITY_HEADERS } from "./security.js";
import { SessionIndex } from "./session-index.js";
import { ViewError } from "./view-error.js";
import { WatchHub } from "./watch-hub.js";

export interface ViewServerOptions {
  readonly ctx: CliContext;
  readonly workspace: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The folder holding app.js, app.css and favicon.svg. */
  readonly assetsDir: string;
  /** Default: 32 random bytes, hex. */
  readonly token?: string;
  readonly lockEnvironment?: LockEnvironment;
  /** Problems of the file watcher (for example, too many files for the OS). */
  readonly onWatchError?: (message: string) => void;
}

/** A started server. */
export interface ViewServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** How many pages are connected to the event stream. */
  readonly clients: () => number;
  /** The sessions whose steps the watcher follows (those that run). */
  readonly watchedSteps: () => ReadonlySet<string>;
  close(): Promise<void>;
}

/** What a request handler needs. */
interface Served {
  readonly options: ViewServerOptions;
  readonly gate: GateSettings;
  readonly routes: RouteContext;
  readonly streams: EventStreams;
}

/** Starts the server and its watcher; resolves once both are ready. */
export async function startViewServer(options: ViewServerOptions): Promise<ViewServer> {
  const token = options.token ?? randomBytes(32).toString("hex");
  const store = new SessionStore(options.workspace);
  const index = new SessionIndex(options.workspace, store.root);
  const streams = new EventStreams();
  const hub = new WatchHub(options.workspace, store.root, {
    isRunning: (id) => index.status(id) === "running",
    ...(options.onWatchError ? { onError: options.onWatchError } : {}),
  });
  hub.subscribe((changes) => {
    for (const change of changes) streams.send("change", change);
  });
  const routes: RouteContext = {
    store,
    index,
    actions: {
      ctx: options.ctx,
      workspace: options.workspace,
      store,
      ...(options.lockEnvironment ? { lockEnvironment: options.lockEnvironment } : {}),
    },
  };
  const served: { -readonly [K in keyof Served]: Served[K] } = {
    options,
    gate: { token, port: 0, allowedHosts: new Set() },
    routes,
    streams,
  };
  const server = http.createServer((request, response) => {
    handle(served, request, response).catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      const message = error instanceof Error ? error.message : String(error);
      sendJson(response, 500, { error: { code: "internal", message } });
    });
  });
  await hub.start();
  const port = await listen(server, options.port, options.host);
  served.gate = { token, port, allowedHosts: allowedHostHeaders(options.host, port) };
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    clients: () => streams.size,
    watchedSteps: () => hub.watchedSteps,
    async close() {
      streams.closeAll();
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function handle(
  served: Served,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const method = request.method ?? "GET";
  const url = new URL(request.url ?? "/", "http://view.invalid");
  const verdict = checkRequest(request, url, served.gate);
  if (!verdict.pass) {
    const allow: Record<string, string> = verdict.status === 405 ? { Allow: "GET, POST" } : {};
    return sendJson(response, verdict.status, verdict.body, allow);
  }
  // The first visit carries the token in the URL: keep it in a cookie, and drop it from the
  // address bar (and the history) at once.
  if (verdict.setCookie && url.pathname === "/") {
    response.writeHead(303, {
      ...SECURITY_HEADERS,
      "Set-Cookie": verdict.setCookie,
      Location: "/",
    });
    return void response.end();
  }
  if (method === "GET" && url.pathname === "/") {
    const page = pageHtml(served.gate.token, served.options.workspace);
    return send(response, 200, "text/html; charset=utf-8", page);
  }
  const asset = method === "GET" ? ASSETS[url.pathname] : undefined;
  if (asset) return serveAsset(response, served.options.assetsDir, asset);
  if (method === "GET" && url.pathname === "/api/stream") {
    return served.streams.add(request, response, { workspace: served.options.workspace });
  }
  if (!url.pathname.startsWith("/api/")) {
    return sendJson(response, 404, {
      error: { code: "not_found", message: `nothing at ${url.pathname}` },
    });
  }
  try {
    const body = method === "POST" ? await readJsonBody(request) : undefined;
    const answer = await routeApi(served.routes, method, url, body);
    sendJson(response, answer.status, answer.body);
  } catch (error) {
    if (!(error instanceof ViewError)) throw error;
    sendJson(response, error.status, error.body());
  }
}

async function serveAsset(
  response: http.ServerResponse,
  assetsDir: string,
  asset: { file: string; type: string },
): Promise<void> {
  const text = await fs.readFile(path.join(assetsDir, asset.file)).catch(() => undefined);
  if (text === undefined) {
    const message = `the page's ${asset.file} is missing from ${assetsDir}`;
    return sendJson(response, 500, {
      error: { code: "not_built", message, hint: "Run `npm run build`." },
    });
  }
  send(response, 200, asset.type, text);
}
