/**
 * The security checks of one request, before anything else runs (docs/dashboard.md,
 * "Security"): the Host header, the method, the token, and for actions the Origin.
 */
import type http from "node:http";
import type { ApiError } from "./api-types.js";
import {
  cookieValue,
  hostHeaderAllowed,
  originAllowed,
  requestAuthorized,
  tokenCookieName,
  tokenMatches,
} from "./security.js";

/** What the server knows to check requests against. */
export interface GateSettings {
  readonly token: string;
  readonly port: number;
  readonly allowedHosts: ReadonlySet<string>;
}

/** Let through (perhaps after setting the cookie), or refused with a status and a body. */
export type GateVerdict =
  | { readonly pass: true; readonly setCookie: string | undefined }
  | { readonly pass: false; readonly status: number; readonly body: ApiError };

/** The value of one request header. */
export function headerOf(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function refuse(status: number, code: string, message: string, hint?: string): GateVerdict {
  return { pass: false, status, body: { error: { code, message, ...(hint ? { hint } : {}) } } };
}

/** Checks `request` (for `url`) against `settings`. */
export function checkRequest(
  request: http.IncomingMessage,
  url: URL,
  settings: GateSettings,
): GateVerdict {
  const method = request.method ?? "GET";
  if (!hostHeaderAllowed(request.headers.host, settings.allowedHosts)) {
    const names = [...settings.allowedHosts].join(", ");
    return refuse(403, "bad_host", `this server answers only to ${names}`);
  }
  if (method !== "GET" && method !== "POST") {
    return refuse(405, "method", `${method} is not allowed (GET and POST are)`);
  }
  const cookieName = tokenCookieName(settings.port);
  const query = url.searchParams.get("token");
  const credentials = {
    query,
    cookie: cookieValue(request.headers.cookie, cookieName),
    header: headerOf(request, "x-ccw-token"),
  };
  if (!requestAuthorized(method, credentials, settings.token)) {
    return refuse(
      401,
      "token",
      "this request needs ccw view's token",
      "Open the URL that `ccw view` printed (it holds the token).",
    );
  }
  if (method === "POST" && !originAllowed(headerOf(request, "origin"), request.headers.host)) {
    return refuse(403, "origin", "actions come only from the page itself");
  }
  const fromUrl = method === "GET" && tokenMatches(query, settings.token);
  return {
    pass: true,
    setCookie: fromUrl
      ? `${cookieName}=${settings.token}; Path=/; HttpOnly; SameSite=Strict`
      : undefined,
  };
}
