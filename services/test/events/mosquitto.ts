// A private Mosquitto broker for tests that must stop or restart it (the shared one on 1883 stays up), with
// persistence on so a client's persistent session and its queued QoS 1 messages survive a restart, and Nagle
// off so a message right behind another is not held up to 40 ms by the receiver's delayed ACK. Also a
// TCP relay in front of a broker that can cut one client off while others still reach the broker.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, waitForPort } from "../helpers/ports.js";

export interface TestBroker {
  port: number;
  url: string;
  stop(): Promise<void>;
  /** Stops (Mosquitto writes its persistence file on SIGTERM) and starts again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}



export async function startBroker(): Promise<TestBroker> {
  const dir = mkdtempSync(path.join(tmpdir(), "jarvis-mosquitto-"));
  const port = await freePort();
  const conf = path.join(dir, "mosquitto.conf");
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      "allow_anonymous true",
      "persistence true",
      `persistence_location ${dir}/`,
      "user root",
      "log_dest stderr",
      "set_tcp_nodelay true",
      "",
    ].join("\n"),
  );
  let child: ChildProcess | undefined;
  const lines: string[] = [];

  const start = async () => {
    const proc = spawn("mosquitto", ["-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
    child = proc;
    proc.stderr!.setEncoding("utf8").on("data", (t: string) => lines.push(...t.split("\n").filter(Boolean)));
    await waitForPort("mosquitto", port, () => proc.exitCode !== null, () => lines.join("\n"));
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill("SIGTERM");
    await exited;
  };
  await start();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Relay {
  url: string;
  /** Drops every relayed connection and refuses new ones until restore(). */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** A TCP relay to 127.0.0.1:targetPort. */
export async function startRelay(targetPort: number): Promise<Relay> {
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((inbound) => {
    if (!open) return void inbound.destroy();
    const outbound = connect(targetPort, "127.0.0.1");
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    inbound.on("close", () => outbound.destroy());
    outbound.on("close", () => inbound.destroy());
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = address && typeof address === "object" ? address.port : 0;
  const dropAll = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    url: `mqtt://127.0.0.1:${port}`,
    cut: () => {
      open = false;
      dropAll();
    },
    restore: () => {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropAll();
        server.close(() => resolve());
      }),
  };
}
