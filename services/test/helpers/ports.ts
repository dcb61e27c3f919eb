// Ports for servers the tests start themselves (sshd, a private mosquitto): pick a free one, then wait until
// the server listens on it.
import { connect, createServer } from "node:net";

/** A port the kernel just handed out; the server binds it right after (a tiny race we accept in tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = address && typeof address === "object" ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

/** Resolves once 127.0.0.1:port accepts a connection; throws with the server's log if it died or never listened. */
export async function waitForPort(name: string, port: number, died: () => boolean, logs: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (died()) throw new Error(`${name} exited during startup:\n${logs()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${name} did not listen on port ${port}:\n${logs()}`);
}
