// Starts a node:http server on 127.0.0.1 (ephemeral port) that counts requests per path, and closes it with
// every kept-alive socket, so a stopped emulator is really gone (clients then see ECONNREFUSED). Shared by
// the HTTP emulators.
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Listening {
  url: string;
  server: Server;
  /** Requests received so far, optionally only those whose path (without query) equals `path`. */
  requestCount(path?: string): number;
  close(): Promise<void>;
}

export async function listenLoopback(handler: RequestListener): Promise<Listening> {
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requestCount: (path) =>
      path === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(path) ?? 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
