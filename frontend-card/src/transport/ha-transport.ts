// The card inside Home Assistant: commands go over HA's own WebSocket (home-assistant-js-websocket, the
// `hass.connection` every card gets) as `jarvis/<command>`, and the Jarvis integration relays them to the
// add-on. docs/relay-contract.md is the contract: a call is one HA result; a subscription or a stream hands
// the add-on's result over as an event {"type": "result"} (the library drops the payload of HA's result), a
// subscription whose add-on went away gets {"type": "disconnected"}.
import { JarvisError, toJarvisError, type Fields, type OpenOptions, type Stream, type Transport } from "./transport.js";

type Unsubscribe = () => Promise<void>;
type Listener = () => void;

/** The part of home-assistant-js-websocket's Connection the card uses. */
export interface HaConnection {
  sendMessagePromise<T>(message: Record<string, unknown>): Promise<T>;
  subscribeMessage<T>(callback: (event: T) => void, message: Record<string, unknown>, options?: { resubscribe?: boolean }): Promise<Unsubscribe>;
  addEventListener(type: "disconnected", listener: Listener): void;
  removeEventListener(type: "disconnected", listener: Listener): void;
}

interface RelayEvent {
  type: "result" | "disconnected";
  result?: unknown;
  reason?: string;
}

const relayEvent = (event: unknown): RelayEvent | undefined => {
  const type = typeof event === "object" && event !== null ? (event as { type?: unknown }).type : undefined;
  return type === "result" || type === "disconnected" ? (event as RelayEvent) : undefined;
};

/** How long a kept subscription waits before it asks again after the add-on went away; doubled up to the cap. */
const REOPEN_MS = 2_000;
const REOPEN_MAX_MS = 30_000;

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
    const persistent = opts.persistent === true;
    const message = { ...fields, type: `jarvis/${type}` };
    let answer: { value: R } | undefined;
    let unsubscribe: Unsubscribe | undefined;
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const onMessage = (event: unknown) => {
      const relayed = relayEvent(event);
      if (relayed?.type === "result") {
        // A later result is a fresh start: HA re-subscribed after a reconnect, or we did after the add-on's.
        if (answer) opts.onResult?.(relayed.result as R);
        else answer = { value: relayed.result as R };
      } else if (relayed && persistent) {
        reopen(REOPEN_MS);
      } else {
        opts.onEvent(event);
      }
    };

    const subscribe = (): Promise<Unsubscribe> =>
      new Promise((resolve, reject) => {
        // The library never fails a subscription whose HA connection dropped before its result: a kept one is
        // sent again, any other forgotten. A stream must not wait forever for an answer that cannot come.
        const lost = () => reject(new JarvisError("connection_lost", "the connection to Home Assistant was lost"));
        if (!persistent) this.connection.addEventListener("disconnected", lost);
        this.connection
          .subscribeMessage(onMessage, message, { resubscribe: persistent })
          .then(resolve, (err: unknown) => reject(toJarvisError(err)))
          .finally(() => {
            if (!persistent) this.connection.removeEventListener("disconnected", lost);
          });
      });

    const reopen = (delay: number) => {
      clearTimeout(retry);
      retry = setTimeout(async () => {
        if (closed) return;
        await unsubscribe?.().catch(() => undefined);
        try {
          unsubscribe = await subscribe();
        } catch {
          reopen(Math.min(delay * 2, REOPEN_MAX_MS));
        }
      }, delay);
    };

    unsubscribe = await subscribe();
    if (!answer) {
      void unsubscribe().catch(() => undefined);
      throw new JarvisError("protocol_mismatch", `the Jarvis integration answered ${type} without its result: update the integration`);
    }
    return {
      result: answer.value,
      close: () => {
        closed = true;
        clearTimeout(retry);
        void unsubscribe?.().catch(() => undefined);
      },
    };
  }
}
