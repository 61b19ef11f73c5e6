/** Writing answers: every one with the security headers, JSON bodies with a final newline. */
import type http from "node:http";
import { SECURITY_HEADERS } from "./security.js";
import { ViewError } from "./view-error.js";

const MAX_BODY = 16 * 1024;

/** Sends a whole answer. */
export function send(
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

/** Sends a JSON answer. */
export function sendJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  send(response, status, "application/json; charset=utf-8", `${JSON.stringify(body)}\n`, extra);
}

/** Reads an action's JSON body (at most 16 KiB, `application/json` only). */
export async function readJsonBody(request: http.IncomingMessage): Promise<unknown> {
  const type = request.headers["content-type"] ?? "";
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
