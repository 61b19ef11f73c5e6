/**
 * The checks every request to `ccw view` passes (docs/dashboard.md, "Security"): the token,
 * the Host header, and the headers of every answer. Pure functions over request parts.
 */
import { timingSafeEqual } from "node:crypto";
import net from "node:net";

/** The content security policy of every answer: only the page's own script and style. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers sent with every answer. No Access-Control-* header is ever sent (no CORS). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  // The token is in the first URL: it must never leave in a Referer.
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "no-store",
};

/** Whether `host` (a name or an address to bind) is the loopback interface. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  if (bare === "localhost") return true;
  if (net.isIPv4(bare)) return bare.startsWith("127.");
  if (net.isIPv6(bare)) return bare === "::1" || /^::ffff:127\./i.test(bare);
  return false;
}

/**
 * The Host header values the server answers to: the loopback names with the server's port,
 * and the bound host's own name when it is not loopback (`--unsafe-host`). Anything else is a
 * page of another site that resolves its name to 127.0.0.1 (DNS rebinding).
 */
export function allowedHostHeaders(boundHost: string, port: number): ReadonlySet<string> {
  const names = ["127.0.0.1", "localhost", "[::1]"];
  const bare = boundHost.replace(/^\[(.*)\]$/, "$1");
  if (!names.includes(boundHost)) names.push(net.isIPv6(bare) ? `[${bare}]` : bare);
  return new Set(names.map((name) => `${name}:${port}`.toLowerCase()));
}

/** Whether a request's Host header is one the server answers to. */
export function hostHeaderAllowed(
  header: string | undefined,
  allowed: ReadonlySet<string>,
): boolean {
  return header !== undefined && allowed.has(header.toLowerCase());
}

/** The name of the cookie that carries the token; per port, since cookies ignore ports. */
export function tokenCookieName(port: number): string {
  return `ccw_view_${port}`;
}

/** The value of cookie `name` in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    if (part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** Compares a presented token with the server's in constant time. */
export function tokenMatches(presented: string | undefined | null, token: string): boolean {
  if (typeof presented !== "string") return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Where a request may carry the token. */
export interface PresentedCredentials {
  readonly query: string | null;
  readonly cookie: string | undefined;
  readonly header: string | undefined;
}

/**
 * Whether a request carries the token. Reading (GET) accepts the URL, the cookie or the header;
 * an action (POST) needs the header, which a page of another site cannot set, whatever cookies
 * the browser would send along.
 */
export function requestAuthorized(
  method: string,
  credentials: PresentedCredentials,
  token: string,
): boolean {
  if (method === "POST") return tokenMatches(credentials.header, token);
  return (
    tokenMatches(credentials.query, token) ||
    tokenMatches(credentials.cookie, token) ||
    tokenMatches(credentials.header, token)
  );
}

/**
 * Whether a POST comes from the page itself: browsers send Origin with every POST, and it must
 * be this server's own origin. (A client that is not a browser sends none.)
 */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined) {
  if (origin === undefined) return true;
  return hostHeader !== undefined && origin.toLowerCase() === `http://${hostHeader.toLowerCase()}`;
}
