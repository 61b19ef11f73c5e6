/**
 * The HTTP listener both scripted API stand-ins use: 127.0.0.1 only, an ephemeral port by
 * default, and a close that ends every open connection (a stalled stream included).
 */
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface LoopbackServer {
  readonly port: number;
  /** Stops listening and ends every open connection. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0: a free one); rejects when the port cannot be taken. */
export async function listenOnLoopback(
  listener: RequestListener,
  port = 0,
): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server = createServer(listener);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await done;
    },
  };
}
