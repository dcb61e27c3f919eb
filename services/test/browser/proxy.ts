// A small front server on 127.0.0.1 for the browser tests, forwarding HTTP and WebSocket upgrades to the
// add-on. With `ingress` it plays HA ingress: HA serves an add-on under /api/hassio_ingress/<token>/ and the
// Supervisor forwards each request with the prefix stripped, from the Supervisor's address, with
// X-Ingress-Path and the HA user in X-Remote-User-* headers (here the Supervisor's address is the loopback
// alias the test server trusts).
import { randomBytes } from "node:crypto";
import { createServer, request, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { SUPERVISOR_ADDRESS } from "../helpers/jarvis.js";

export interface FrontProxy {
  /** The page URL a person opens, ending in "/". */
  url: string;
  close(): Promise<void>;
}

const HA_USER = { "x-remote-user-id": "ha-admin-id", "x-remote-user-name": "admin", "x-remote-user-display-name": "Admin" };

export async function startProxy(addonPort: number, opts: { ingress?: boolean } = {}): Promise<FrontProxy> {
  const prefix = opts.ingress ? `/api/hassio_ingress/${randomBytes(16).toString("hex")}` : "";
  const rewrite = (url: string | undefined): string | null => (url?.startsWith(`${prefix}/`) ? url.slice(prefix.length) : null);
  const from = opts.ingress ? { localAddress: SUPERVISOR_ADDRESS } : {};
  const headersFor = (h: IncomingHttpHeaders) => ({
    ...h,
    host: `127.0.0.1:${addonPort}`,
    ...(opts.ingress ? { "x-ingress-path": prefix, ...HA_USER } : {}),
  });

  const server = createServer((req, res) => {
    const path = rewrite(req.url);
    if (path === null) return void res.writeHead(404, { "content-type": "text/plain" }).end("404: Not Found");
    const upstream = request({ host: "127.0.0.1", port: addonPort, ...from, method: req.method, path, headers: headersFor(req.headers) }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });

  // Upgraded sockets leave the server's books, so close() must cut them itself.
  const tunnels = new Set<{ destroy(): void }>();
  server.on("upgrade", (req, socket, head) => {
    const path = rewrite(req.url);
    if (path === null) return void socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
    const upstream = connect({ host: "127.0.0.1", port: addonPort, ...from }, () => {
      const lines = Object.entries(headersFor(req.headers)).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}: ${x}`) : [`${k}: ${v}`]));
      upstream.write(`${req.method} ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const end = () => {
      upstream.destroy();
      socket.destroy();
    };
    tunnels.add({ destroy: end });
    upstream.on("error", end);
    socket.on("error", end);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${prefix}/`,
    close: () =>
      new Promise((resolve) => {
        for (const t of tunnels) t.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
