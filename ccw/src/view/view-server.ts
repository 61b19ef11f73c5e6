/**
 * `ccw view`'s HTTP server: the page, its assets, the JSON API and the event stream, for one
 * workspace, behind the checks of security.ts (docs/dashboard.md, "Security").
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { CliContext } from "../context.js";
import type { LockEnvironment } from "../coordinator/session-lock.js";
import { SessionStore } from "../coordinator/session-store.js";
import { routeApi } from "./api-routes.js";
import type { ActionEnded, ChangeEvent } from "./api-types.js";
import { ASSETS, pageHtml } from "./page.js";
import {
  allowedHostHeaders,
  cookieValue,
  hostHeaderAllowed,
  originAllowed,
  requestAuthorized,
  SECURITY_HEADERS,
  tokenCookieName,
  tokenMatches,
} from "./security.js";
import { SessionIndex } from "./session-index.js";
import { ViewError } from "./view-error.js";
import { WatchHub } from "./watch-hub.js";

const MAX_BODY = 16 * 1024;
const HEARTBEAT_MS = 30_000;

export interface ViewServerOptions {
  readonly ctx: CliContext;
  readonly workspace: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The folder holding app.js, app.css and favicon.svg. */
  readonly assetsDir: string;
  /** The command that runs ccw, for the resume button: `[node, ccw/bin/ccw.js]`. */
  readonly cliCommand: readonly string[];
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

/** Starts the server and its watcher; resolves once both are ready. */
export async function startViewServer(options: ViewServerOptions): Promise<ViewServer> {
  const token = options.token ?? randomBytes(32).toString("hex");
  const store = new SessionStore(options.workspace);
  const index = new SessionIndex(options.workspace, store.root);
  const hub = new WatchHub(options.workspace, store.root, {
    isRunning: (id) => index.status(id) === "running",
    ...(options.onWatchError ? { onError: options.onWatchError } : {}),
  });
  const streams = new Set<http.ServerResponse>();
  const broadcast = (event: string, data: unknown) => {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const response of streams) response.write(text);
  };
  hub.subscribe((changes: readonly ChangeEvent[]) => {
    for (const change of changes) broadcast("change", change);
  });
  const routes = {
    store,
    index,
    actions: {
      ctx: options.ctx,
      workspace: options.workspace,
      store,
      cliCommand: options.cliCommand,
      ...(options.lockEnvironment ? { lockEnvironment: options.lockEnvironment } : {}),
      ended: (event: ActionEnded) => broadcast("action", event),
    },
  };

  let allowedHosts: ReadonlySet<string> = new Set();
  let port = 0;
  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        sendJson(response, 500, {
          error: {
            code: "internal",
            message: error instanceof Error ? error.message : String(error),
          },
        });
      } else response.destroy();
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://view.invalid");
    if (!hostHeaderAllowed(request.headers.host, allowedHosts)) {
      return sendJson(response, 403, {
        error: {
          code: "bad_host",
          message: `this server answers only to ${[...allowedHosts].join(", ")}`,
        },
      });
    }
    const cookieName = tokenCookieName(port);
    const credentials = {
      query: url.searchParams.get("token"),
      cookie: cookieValue(request.headers.cookie, cookieName),
      header: headerOf(request, "x-ccw-token"),
    };
    if (method !== "GET" && method !== "POST") {
      return sendJson(
        response,
        405,
        { error: { code: "method", message: `${method} is not allowed` } },
        { Allow: "GET, POST" },
      );
    }
    if (!requestAuthorized(method, credentials, token)) {
      return sendJson(response, 401, {
        error: {
          code: "token",
          message: "this request needs ccw view's token",
          hint: "Open the URL that `ccw view` printed (it holds the token).",
        },
      });
    }
    if (method === "POST" && !originAllowed(headerOf(request, "origin"), request.headers.host)) {
      return sendJson(response, 403, {
        error: { code: "origin", message: "actions come only from the page itself" },
      });
    }
    // The first visit carries the token in the URL: keep it in a cookie, and drop it from the
    // address bar (and the history) at once.
    if (method === "GET" && tokenMatches(credentials.query, token) && url.pathname === "/") {
      response.writeHead(303, {
        ...SECURITY_HEADERS,
        "Set-Cookie": `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`,
        Location: "/",
      });
      return response.end();
    }
    if (method === "GET" && url.pathname === "/") {
      return send(response, 200, "text/html; charset=utf-8", pageHtml(token, options.workspace));
    }
    const asset = method === "GET" ? ASSETS[url.pathname] : undefined;
    if (asset) {
      const text = await fs
        .readFile(path.join(options.assetsDir, asset.file))
        .catch(() => undefined);
      if (text === undefined) {
        return sendJson(response, 500, {
          error: {
            code: "not_built",
            message: `the page's ${asset.file} is missing`,
            hint: "Run `npm run build`.",
          },
        });
      }
      return send(response, 200, asset.type, text);
    }
    if (method === "GET" && url.pathname === "/api/stream") return openStream(request, response);
    if (url.pathname.startsWith("/api/")) {
      try {
        const body = method === "POST" ? await readJsonBody(request) : undefined;
        const answer = await routeApi(routes, method, url, body);
        return sendJson(response, answer.status, answer.body);
      } catch (error) {
        if (error instanceof ViewError) return sendJson(response, error.status, error.body());
        throw error;
      }
    }
    return sendJson(response, 404, {
      error: { code: "not_found", message: `nothing at ${url.pathname}` },
    });
  }

  function openStream(request: http.IncomingMessage, response: http.ServerResponse) {
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      "Content-Type": "text/event-stream; charset=utf-8",
      Connection: "keep-alive",
    });
    response.write(
      `retry: 1000\nevent: hello\ndata: ${JSON.stringify({ workspace: options.workspace })}\n\n`,
    );
    streams.add(response);
    const heartbeat = setInterval(() => response.write(": ping\n\n"), HEARTBEAT_MS);
    heartbeat.unref();
    request.on("close", () => {
      clearInterval(heartbeat);
      streams.delete(response);
    });
  }

  await hub.start();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostHeaders(options.host, port);
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    clients: () => streams.size,
    watchedSteps: () => hub.watchedSteps,
    async close() {
      for (const response of streams) response.end();
      streams.clear();
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function headerOf(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readJsonBody(request: http.IncomingMessage): Promise<unknown> {
  const type = headerOf(request, "content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ViewError(415, "content_type", "an action's body must be application/json");
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY)
      throw new ViewError(413, "too_large", `the body is over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new ViewError(400, "bad_body", "the body is not JSON");
  }
}

function send(
  response: http.ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extra,
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
  });
  response.end(body);
}

function sendJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  send(response, status, "application/json; charset=utf-8", `${JSON.stringify(body)}\n`, extra);
}
