/** Requests to the server that served the page. */
import type { ApiError } from "../api-types.js";

const token = document.querySelector<HTMLMetaElement>('meta[name="ccw-token"]')?.content ?? "";

/** A refused request, with the server's message. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

async function answer<T>(response: Response): Promise<T> {
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as ApiError | undefined)?.error;
    throw new ApiFailure(
      response.status,
      error?.code ?? "http",
      error?.message ?? `HTTP ${response.status}`,
      error?.hint,
    );
  }
  return body as T;
}

/** GET a JSON document of the API. */
export async function getJson<T>(path: string): Promise<T> {
  return answer<T>(await fetch(path, { headers: { "X-CCW-Token": token } }));
}

/** POST an action. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return answer<T>(
    await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CCW-Token": token },
      body: JSON.stringify(body),
    }),
  );
}

/** The URL path of a session's API. */
export function sessionPath(id: string, ...rest: string[]): string {
  return ["/api/sessions", encodeURIComponent(id), ...rest].join("/");
}
