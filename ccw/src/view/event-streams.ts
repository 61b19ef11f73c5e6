/** The open Server-Sent Events streams of the pages, all fed from the one watcher. */
import type http from "node:http";
import { SECURITY_HEADERS } from "./security.js";

const HEARTBEAT_MS = 30_000;

/** Every page's event stream. */
export class EventStreams {
  private readonly open = new Set<http.ServerResponse>();

  /** Answers `request` with an event stream that starts with `hello`. */
  add(request: http.IncomingMessage, response: http.ServerResponse, hello: unknown): void {
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      "Content-Type": "text/event-stream; charset=utf-8",
      Connection: "keep-alive",
    });
    response.write(`retry: 1000\nevent: hello\ndata: ${JSON.stringify(hello)}\n\n`);
    this.open.add(response);
    // A comment now and then keeps proxies and idle-connection timers from closing the stream.
    const heartbeat = setInterval(() => response.write(": ping\n\n"), HEARTBEAT_MS);
    heartbeat.unref();
    request.on("close", () => {
      clearInterval(heartbeat);
      this.open.delete(response);
    });
  }

  /** Sends one event to every page. */
  send(event: string, data: unknown): void {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const response of this.open) response.write(text);
  }

  get size(): number {
    return this.open.size;
  }

  /** Ends every stream. */
  closeAll(): void {
    for (const response of this.open) response.end();
    this.open.clear();
  }
}
