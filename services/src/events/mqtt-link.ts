// One MQTT connection with a persistent session (clean: false), so QoS 1 messages published while we are
// away wait at the broker for us. Reconnects on its own schedule (exponential backoff with jitter, reset on
// success) instead of mqtt.js's fixed period, and subscribes again on every connect: cheap, and right even
// when the broker lost our session. A QoS 1 message is acknowledged only once its handler has finished with it
// (an alert stored), so a message the process took but died before storing is delivered again.
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import type { Logger } from "../log.js";

export interface MqttLinkOptions {
  url: string;
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
  topics: readonly string[];
  backoffMinMs: number;
  backoffMaxMs: number;
  connectTimeoutMs: number;
  keepaliveSec: number;
}

export interface MqttLinkHandlers {
  /** The PUBACK waits for the returned promise; the next message waits for it too. */
  message(topic: string, payload: Buffer): void | Promise<void>;
  /** Up once subscribed; down on each lost connection or failed attempt (detail says why). */
  status(state: "up" | "down", detail: string): void;
}

export class MqttLink {
  private client: MqttClient | undefined;
  private retry: NodeJS.Timeout | undefined;
  private attempt = 0;
  private closing = false;
  private lastError = "";

  constructor(
    private readonly opts: MqttLinkOptions,
    private readonly log: Logger,
    private readonly on: MqttLinkHandlers,
  ) {}

  start(): void {
    const options: IClientOptions = {
      clientId: this.opts.clientId,
      clean: false,
      username: this.opts.username,
      password: this.opts.password,
      protocolVersion: 4,
      keepalive: this.opts.keepaliveSec,
      connectTimeout: this.opts.connectTimeoutMs,
      reconnectPeriod: 0, // we reconnect ourselves, with backoff
      resubscribe: false, // and subscribe ourselves on each connect
    };
    const client = mqtt.connect(this.opts.url, options);
    this.client = client;
    client.on("connect", (connack) => void this.subscribe(client, connack.sessionPresent));
    // mqtt.js sends the PUBACK when this calls back, and hands over the next message only then (in order).
    client.handleMessage = (packet, done) => {
      const payload = typeof packet.payload === "string" ? Buffer.from(packet.payload) : packet.payload;
      Promise.resolve()
        .then(() => this.on.message(packet.topic, payload))
        .catch((err: unknown) => this.log.error({ err, topic: packet.topic }, "mqtt message not handled"))
        .finally(() => done());
    };
    client.on("error", (err) => {
      this.lastError = err.message;
    });
    client.on("close", () => this.lost());
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retry);
    // A clean DISCONNECT: the broker keeps our session and queues QoS 1 messages until we are back.
    const client = this.client;
    if (client) await client.endAsync(!client.connected);
  }

  private async subscribe(client: MqttClient, sessionPresent: boolean): Promise<void> {
    try {
      const grants = await client.subscribeAsync([...this.opts.topics], { qos: 1 });
      const refused = grants.filter((g) => g.qos === 128).map((g) => g.topic);
      if (refused.length > 0) throw new Error(`the broker refused ${refused.join(", ")}`);
    } catch (err) {
      this.log.warn({ err }, "mqtt subscribe failed");
      client.end(true); // "close" follows and schedules a new attempt
      return;
    }
    this.attempt = 0;
    this.lastError = "";
    this.log.info({ url: this.opts.url, sessionPresent, topics: this.opts.topics }, "mqtt connected");
    this.on.status("up", `connected to ${this.opts.url}`);
  }

  private lost(): void {
    if (this.closing || this.retry) return;
    const delay = this.backoff();
    const why = this.lastError || "connection closed";
    // The first loss is news; the retries after it are noise at info level.
    if (this.attempt === 1) this.log.warn({ url: this.opts.url, err: why, retryMs: delay }, "mqtt disconnected");
    else this.log.debug({ url: this.opts.url, err: why, retryMs: delay, attempt: this.attempt }, "mqtt reconnect failed");
    this.on.status("down", `${this.opts.url}: ${why}`);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.closing) this.client?.reconnect();
    }, delay);
  }

  private backoff(): number {
    this.attempt++;
    const ceiling = Math.min(this.opts.backoffMaxMs, this.opts.backoffMinMs * 2 ** (this.attempt - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }
}
