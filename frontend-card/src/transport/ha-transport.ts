// The card inside Home Assistant: commands go over HA's own WebSocket as `jarvis/<command>`, and the Jarvis
// integration relays them to the add-on. Relay contract (what the integration does):
// - `call` uses sendMessagePromise: the add-on's result (or error {code, message}) is the HA result.
// - `open` uses subscribeMessage: every add-on event is forwarded unchanged; the add-on's success result is
//   forwarded as one event {"type": "result", "result": ...} and then the HA command succeeds (or fails with
//   the add-on's error); unsubscribe_events is relayed as the add-on's `unsubscribe`.
import { toJarvisError, type Fields, type OpenOptions, type Stream, type Transport } from "./transport.js";

/** The part of home-assistant-js-websocket's Connection the card uses. */
export interface HaConnection {
  sendMessagePromise<T>(message: Record<string, unknown>): Promise<T>;
  subscribeMessage<T>(
    callback: (event: T) => void,
    message: Record<string, unknown>,
    options?: { resubscribe?: boolean },
  ): Promise<() => Promise<void>>;
}

interface RelayedResult {
  type: "result";
  result: unknown;
}

const isRelayedResult = (event: unknown): event is RelayedResult =>
  typeof event === "object" && event !== null && (event as { type?: unknown }).type === "result";

export class HaTransport implements Transport {
  constructor(private readonly connection: HaConnection) {}

  async call<R>(type: string, fields: Fields = {}): Promise<R> {
    try {
      return await this.connection.sendMessagePromise<R>({ ...fields, type: `jarvis/${type}` });
    } catch (err) {
      throw toJarvisError(err);
    }
  }

  async open<R>(type: string, fields: Fields, opts: OpenOptions<R>): Promise<Stream<R>> {
    let first: { value: R } | undefined;
    const onMessage = (event: unknown) => {
      if (!isRelayedResult(event)) return opts.onEvent(event);
      const value = event.result as R;
      // HA re-subscribes by itself after a reconnect: later results are fresh starts.
      if (first) opts.onResult?.(value);
      else first = { value };
    };
    let unsubscribe: () => Promise<void>;
    try {
      unsubscribe = await this.connection.subscribeMessage(onMessage, { ...fields, type: `jarvis/${type}` }, {
        resubscribe: opts.persistent === true,
      });
    } catch (err) {
      throw toJarvisError(err);
    }
    return {
      result: first?.value as R,
      // A finished stream may already be gone on the other side: nothing to report then.
      close: () => void unsubscribe().catch(() => undefined),
    };
  }
}
