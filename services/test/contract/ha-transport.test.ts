// The card's HA transport against docs/relay-contract.md, through the real home-assistant-js-websocket
// Connection that HA's frontend hands every card: each example is replayed by a stand-in for HA's WebSocket,
// and the transport must send exactly the card's frames and deliver what the card acts on. Also what the
// contract says about connections that go away (the add-on's, and HA's own).
import { createConnection, createLongLivedTokenAuth, type Connection } from "home-assistant-js-websocket";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket as WsWebSocket } from "ws";
import { HaTransport } from "../../../frontend-card/src/transport/ha-transport.js";
import { JarvisError } from "../../../frontend-card/src/transport/transport.js";
import { contractExamples, contractKinds, type Frame } from "./contract.js";
import { Replay, startFakeHa, type FakeHa, type Script } from "./fake-ha.js";

// Node 20 has no WebSocket global; the library opens its socket with `new WebSocket(url)`.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WsWebSocket;

const examples = contractExamples();
const example = (name: string) => {
  const steps = examples.get(name);
  if (!steps) throw new Error(`docs/relay-contract.md has no example ${name}`);
  return steps;
};
/** The command of an example's first frame, without `jarvis/`, and its fields. */
const opening = (name: string) => {
  const { id: _id, type, ...fields } = example(name)[0]!.frame;
  return { command: type.replace(/^jarvis\//, ""), fields };
};
/** The `event` of every HA event frame in an example, in order. */
const eventsOf = (name: string) => example(name).filter((s) => s.from === "ha" && s.frame.type === "event").map((s) => s.frame.event as { type: string; result?: unknown });

let ha: FakeHa | undefined;
let connection: Connection | undefined;

afterEach(async () => {
  connection?.close();
  await ha?.close();
  ha = connection = undefined;
});

async function connect(script: Script): Promise<HaTransport> {
  ha = await startFakeHa(script);
  connection = await createConnection({ auth: createLongLivedTokenAuth(ha.url, "token") });
  return new HaTransport(connection);
}

async function replay(name: string): Promise<{ transport: HaTransport; script: Replay }> {
  const script = new Replay(example(name));
  return { transport: await connect(script), script };
}

async function rejection(pending: Promise<unknown>): Promise<JarvisError> {
  const err = await pending.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(JarvisError);
  return err as JarvisError;
}

describe("the card's transport inside HA, by the relay contract", () => {
  it("lists every command the card sends under exactly one kind", () => {
    const kinds = contractKinds();
    const all = [...kinds.call, ...kinds.subscription, ...kinds.stream];
    expect(new Set(all).size).toBe(all.length);
    for (const name of ["status", "tool/run", "conversation/process", "subscribe_cluster", "subscribe_events", "terminal/open", "action/approve", "voice/stop"]) {
      expect(all).toContain(name);
    }
  });

  it("a call resolves with HA's result", async () => {
    const { transport, script } = await replay("call");
    const { command, fields } = opening("call");
    const last = example("call").at(-1)!.frame;
    await expect(transport.call(command, fields)).resolves.toEqual(last.result);
    expect(script.problems).toEqual([]);
  });

  it("a call that fails rejects with the add-on's code and message", async () => {
    const { transport, script } = await replay("call-error");
    const { command, fields } = opening("call-error");
    const err = await rejection(transport.call(command, fields));
    expect({ code: err.code, message: err.message }).toEqual(example("call-error").at(-1)!.frame.error);
    expect(script.problems).toEqual([]);
  });

  it("a subscription resolves with the add-on's result, streams its events and unsubscribes on close", async () => {
    const { transport, script } = await replay("subscription");
    const { command, fields } = opening("subscription");
    const events: unknown[] = [];
    const stream = await transport.open(command, fields, { onEvent: (e) => events.push(e), persistent: true });
    const [first, ...rest] = eventsOf("subscription");
    expect(stream.result).toEqual(first!.result);
    await expect.poll(() => events).toEqual(rest);
    stream.close();
    await expect.poll(() => script.done).toBe(true);
    expect(script.problems).toEqual([]);
  });

  it("a subscription the add-on refuses rejects with its error", async () => {
    const { transport, script } = await replay("subscription-error");
    const { command, fields } = opening("subscription-error");
    const err = await rejection(transport.open(command, fields, { onEvent: () => undefined }));
    expect(err.code).toBe("forbidden");
    expect(script.problems).toEqual([]);
  });

  it("a stream delivers its events, resolves with the final result and lets HA forget it", async () => {
    const { transport, script } = await replay("stream");
    const { command, fields } = opening("stream");
    const events: unknown[] = [];
    const stream = await transport.open<{ conversation_id: string }>(command, fields, { onEvent: (e) => events.push(e) });
    const all = eventsOf("stream");
    expect(stream.result).toEqual(all.at(-1)!.result);
    expect(events).toEqual(all.slice(0, -1));
    stream.close();
    await expect.poll(() => script.done).toBe(true);
    expect(script.problems).toEqual([]);
  });

  it("a stream that fails rejects with the add-on's error", async () => {
    const { transport, script } = await replay("stream-error");
    const { command, fields } = opening("stream-error");
    const err = await rejection(transport.open(command, fields, { onEvent: () => undefined }));
    expect({ code: err.code, message: err.message }).toEqual(example("stream-error").at(-1)!.frame.error);
    expect(script.problems).toEqual([]);
  });

  it("a stream whose add-on goes away rejects with cannot_connect after what was already said", async () => {
    const { transport, script } = await replay("stream-addon-gone");
    const { command, fields } = opening("stream-addon-gone");
    const events: unknown[] = [];
    const err = await rejection(transport.open(command, fields, { onEvent: (e) => events.push(e) }));
    expect(err.code).toBe("cannot_connect");
    expect(events).toEqual(eventsOf("stream-addon-gone"));
    expect(script.problems).toEqual([]);
  });

  it("a kept subscription whose add-on went away unsubscribes and subscribes again, with a fresh result", async () => {
    const steps = example("subscription-addon-gone");
    const replayed = new Replay(steps);
    let again: Frame | undefined;
    const fresh = { snapshot: { nodes: [{ name: "pve1", online: true }] } };
    const transport = await connect({
      onFrame(frame, send, socket) {
        if (!replayed.done) return replayed.onFrame(frame, send);
        again = frame;
        send({ id: frame.id, type: "event", event: { type: "result", result: fresh } });
        send({ id: frame.id, type: "result", success: true, result: null });
        void socket;
      },
    });
    const { command, fields } = opening("subscription-addon-gone");
    const results: unknown[] = [];
    const events: unknown[] = [];
    const stream = await transport.open(command, fields, { onEvent: (e) => events.push(e), persistent: true, onResult: (r) => results.push(r) });
    expect(stream.result).toEqual(eventsOf("subscription-addon-gone")[0]!.result);
    await expect.poll(() => results, { timeout: 10_000 }).toEqual([fresh]);
    expect(again?.type).toBe(`jarvis/${command}`);
    expect(replayed.problems).toEqual([]);
    expect(replayed.done).toBe(true);
    // The relay's own events never reach the view.
    expect(events).toEqual([]);
    stream.close();
  });

  it("a subscription that is not kept hands the add-on's going away to the view", async () => {
    const { transport } = await replay("subscription-addon-gone");
    const { command, fields } = opening("subscription-addon-gone");
    const events: { type?: string }[] = [];
    await transport.open(command, fields, { onEvent: (e) => events.push(e as { type?: string }) });
    await expect.poll(() => events.map((e) => e.type)).toEqual(["disconnected"]);
  });

  it("a stream fails with connection_lost when HA's own connection drops, and kept subscriptions come back", async () => {
    const steps = example("stream");
    const sub = example("subscription");
    let subscribes = 0;
    const transport = await connect({
      onFrame(frame, send, socket) {
        if (frame.type === sub[0]!.frame.type) {
          subscribes++;
          send({ ...sub[1]!.frame, id: frame.id });
          send({ ...sub[2]!.frame, id: frame.id });
        } else if (frame.type === steps[0]!.frame.type) {
          send({ ...steps[1]!.frame, id: frame.id });
          socket.terminate();
        }
      },
    });
    const results: unknown[] = [];
    const kept = await transport.open(opening("subscription").command, opening("subscription").fields, {
      onEvent: () => undefined,
      persistent: true,
      onResult: (r) => results.push(r),
    });
    const err = await rejection(transport.open(opening("stream").command, opening("stream").fields, { onEvent: () => undefined }));
    expect(err.code).toBe("connection_lost");
    // The library reconnects and sends the kept subscription again: its result is a fresh start.
    await expect.poll(() => results, { timeout: 10_000 }).toEqual([(sub[1]!.frame.event as { result: unknown }).result]);
    expect(subscribes).toBe(2);
    expect(ha!.connections).toBe(2);
    kept.close();
  });

  it("an integration that answers without the result event is a clear error, not a silent empty view", async () => {
    const transport = await connect({
      onFrame(frame, send) {
        if (frame.type.startsWith("jarvis/")) send({ id: frame.id, type: "result", success: true, result: { recent: [] } });
        else send({ id: frame.id, type: "result", success: true, result: null });
      },
    });
    const err = await rejection(transport.open("subscribe_events", {}, { onEvent: () => undefined }));
    expect(err.code).toBe("protocol_mismatch");
    expect(err.message).toContain("update the integration");
  });
});
