// What the fault suites share: whether the server is still up, and commands over the WebSocket as HA's
// ingress sends them, each with the events it streamed and how long it took.
import { request } from "../helpers/http.js";
import { SUPERVISOR_ADDRESS, type TestJarvis } from "../helpers/jarvis.js";
import { TestSocket } from "../helpers/ws.js";

export const up = async (url: string) => (await request(`${url}/api/health?liveness`)).status === 200;

export interface Answered {
  /** The command's result frame ({success, result} or {success: false, error}). */
  reply: any;
  /** Every event the command streamed, in order. */
  events: any[];
  ms: number;
}

let nextId = 0;

/** Sends one command and waits (up to timeoutMs) for its result. */
export async function command(socket: TestSocket, msg: { type: string; [k: string]: unknown }, timeoutMs = 60_000): Promise<Answered> {
  const id = ++nextId;
  const started = performance.now();
  socket.send({ id, ...msg });
  const reply = await socket.next((m) => m.id === id && m.type === "result", timeoutMs);
  const events = socket.received.filter((m) => m.id === id && m.type === "event").map((m) => m.event);
  return { reply, events, ms: performance.now() - started };
}

/** Runs `use` on a fresh connection from the Supervisor's address, closed afterwards. */
export async function viaIngress<T>(jarvis: TestJarvis, use: (socket: TestSocket) => Promise<T>): Promise<T> {
  const socket = await TestSocket.open(jarvis.wsUrl, { localAddress: SUPERVISOR_ADDRESS });
  try {
    return await use(socket);
  } finally {
    socket.close();
  }
}

/** One conversation/process turn. */
export const converse = (jarvis: TestJarvis, text: string) => viaIngress(jarvis, (s) => command(s, { type: "conversation/process", text }));
