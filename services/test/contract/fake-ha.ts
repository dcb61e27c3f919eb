// HA's WebSocket API as far as the card's transport meets it: the auth phase, supported_features, and then
// whatever the test's script answers. Scripts from docs/relay-contract.md replay an example: each card frame
// must match the example's next one (ids mapped), and the HA frames after it are sent back with the real ids.
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import type { Frame, Step } from "./contract.js";

export type Send = (frame: Frame) => void;
export interface Script {
  /** Answers one command frame of the card's; `socket` lets a script drop HA's connection. */
  onFrame(frame: Frame, send: Send, socket: WebSocket): void;
}

export interface FakeHa {
  url: string;
  connections: number;
  close(): Promise<void>;
}

export async function startFakeHa(script: Script): Promise<FakeHa> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/api/websocket" });
  await new Promise((resolve) => wss.once("listening", resolve));
  const fake: FakeHa = {
    url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    connections: 0,
    close: () => new Promise((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    }),
  };
  wss.on("connection", (socket) => {
    fake.connections++;
    const send: Send = (frame) => socket.send(JSON.stringify(frame));
    socket.send(JSON.stringify({ type: "auth_required", ha_version: "2026.10.0" }));
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      if (frame.type === "auth") socket.send(JSON.stringify({ type: "auth_ok", ha_version: "2026.10.0" }));
      else if (frame.type === "supported_features") send({ id: frame.id, type: "result", success: true, result: null });
      else script.onFrame(frame, send, socket);
    });
  });
  return fake;
}

/** Replays one contract example; `problems` lists every way the card's frames differed from it. */
export class Replay implements Script {
  readonly problems: string[] = [];
  private cursor = 0;
  private readonly ids = new Map<number, number>();

  constructor(private readonly steps: Step[]) {}

  get done(): boolean {
    return this.cursor === this.steps.length;
  }

  onFrame(frame: Frame, send: Send): void {
    const expected = this.steps[this.cursor];
    if (!expected || expected.from !== "card") {
      this.problems.push(`unexpected ${JSON.stringify(frame)}`);
      return;
    }
    this.ids.set(expected.frame.id, frame.id);
    const want = this.mapped(expected.frame);
    const { id: _a, ...got } = frame;
    const { id: _b, ...wanted } = want;
    if (JSON.stringify(sorted(got)) !== JSON.stringify(sorted(wanted))) {
      this.problems.push(`sent ${JSON.stringify(got)}, the contract says ${JSON.stringify(wanted)}`);
    }
    this.cursor++;
    while (this.steps[this.cursor]?.from === "ha") send(this.mapped(this.steps[this.cursor++]!.frame));
  }

  private mapped(frame: Frame): Frame {
    const id = (n: number) => this.ids.get(n) ?? n;
    const out: Frame = { ...frame, id: id(frame.id) };
    if (typeof frame.subscription === "number") out.subscription = id(frame.subscription);
    return out;
  }
}

function sorted(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
