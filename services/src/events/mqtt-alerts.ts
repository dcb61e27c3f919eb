// Frigate person alerts: Frigate's MQTT event stream (a REST poll stands in while the broker is away) ->
// one alert per tracked person on an entry camera or zone, with a cooldown per camera, named when face
// recognition knows them. Each alert is stored as an event (which feeds the live stream), fired into Home
// Assistant as `jarvis_alert`, and spoken when a speech callback is given.
import type { EventQuery, FrigateEvent, FrigateImage } from "../clients/frigate.js";
import type { Logger } from "../log.js";
import type { NewEvent } from "../store/events.js";
import { Cooldown, type Clock } from "./cooldown.js";
import { parseFrigateMessage } from "./frigate-message.js";
import { MqttLink } from "./mqtt-link.js";

export interface MqttAlertOptions {
  mqtt: { url: string; clientId: string; username?: string | undefined; password?: string | undefined };
  /** Cameras that watch the doors; with entryZones also empty, every camera counts. */
  entryCameras: readonly string[];
  /** Zones (on any camera) that count as an entry too. */
  entryZones?: readonly string[];
  /** Frigate's MQTT topic_prefix. */
  topicPrefix?: string;
  /** Quiet time per camera after an alert. */
  cooldownMs?: number;
  /** How long a new person may stay without a snapshot or a name before the alert goes out anyway. */
  faceWaitMs?: number;
  /** REST poll period while MQTT is down. */
  pollIntervalMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  connectTimeoutMs?: number;
  thumbnailHeight?: number;
  /** A thumbnail larger than this is left out of the alert (the snapshot path still points at it). */
  thumbnailMaxBytes?: number;
  now?: Clock;

  /** Where alerts are stored; read at start so a restart does not alert again for what is already there. */
  events: { add(event: NewEvent): unknown; list?(q: { types: ["alert"]; source: "monitor"; since: Date; limit: number }): { data: unknown }[] };
  frigate?: {
    events(q: EventQuery): Promise<FrigateEvent[]>;
    eventSnapshot(id: string, opts?: { height?: number }): Promise<FrigateImage>;
  } | null;
  ha?: { fireEvent(type: string, data: Record<string, unknown>): Promise<void> } | null;
  speak?: ((text: string) => unknown) | null;
}

export const MQTT_ALERT_DEFAULTS = {
  topicPrefix: "frigate",
  cooldownMs: 5 * 60_000,
  faceWaitMs: 3_000,
  pollIntervalMs: 15_000,
  backoffMinMs: 1_000,
  backoffMaxMs: 60_000,
  connectTimeoutMs: 10_000,
  thumbnailHeight: 180,
  thumbnailMaxBytes: 48 * 1024,
};

const PERSON = "person";
/** Events decided on (alerted or held back) are remembered this long, so late updates stay quiet. */
const HANDLED_TTL_MS = 6 * 3_600_000;
/** The REST poll looks back this far past the newest start time seen, to catch events that started late. */
const POLL_OVERLAP_S = 60;
/** A person snapshot from MQTT older than this is not the picture of a new alert. */
const SNAPSHOT_FRESH_MS = 60_000;

type StatusCallback = (state: "up" | "down", detail: string) => void;

/** "front_door" -> "the front door". */
export const placeName = (camera: string) => `the ${camera.replace(/[_-]+/g, " ").trim()}`;
/** Frigate face names are folder names ("alice"); show them as a name. */
const displayName = (name: string) =>
  name === name.toLowerCase() ? name.replace(/(^|[\s_-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase()) : name;

export class MqttAlertService {
  private readonly o: typeof MQTT_ALERT_DEFAULTS & MqttAlertOptions;
  private readonly now: Clock;
  private readonly link: MqttLink;
  private readonly cooldown: Cooldown;
  private readonly handled = new Map<string, number>();
  private readonly pending = new Map<string, { event: FrigateEvent; timer: NodeJS.Timeout }>();
  private readonly snapshots = new Map<string, { bytes: Buffer; at: number }>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private pollTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  /** Newest Frigate start_time seen (epoch s): where the REST poll picks up. */
  private seenUntil = 0;
  private started: (() => void) | undefined;

  constructor(
    options: MqttAlertOptions,
    private readonly log: Logger,
    private readonly onStatus?: StatusCallback,
  ) {
    this.o = { ...MQTT_ALERT_DEFAULTS, ...options };
    this.now = this.o.now ?? Date.now;
    this.cooldown = new Cooldown(this.o.cooldownMs, this.now);
    const prefix = this.o.topicPrefix;
    this.link = new MqttLink(
      {
        ...this.o.mqtt,
        topics: [`${prefix}/events`, `${prefix}/+/${PERSON}/snapshot`],
        backoffMinMs: this.o.backoffMinMs,
        backoffMaxMs: this.o.backoffMaxMs,
        connectTimeoutMs: this.o.connectTimeoutMs,
        keepaliveSec: 30,
      },
      log,
      { message: (topic, payload) => this.onMessage(topic, payload), status: (s, d) => this.onLink(s, d) },
    );
  }

  /** Connects in the background; resolves once subscribed or after the first failed attempt. */
  start(): Promise<void> {
    this.seenUntil = this.now() / 1000;
    // The broker sends again what it never saw acknowledged; what was stored before a crash is not new.
    const since = new Date(this.now() - HANDLED_TTL_MS);
    for (const row of this.o.events.list?.({ types: ["alert"], source: "monitor", since, limit: 500 }) ?? []) {
      const id = (row.data as { event_id?: unknown } | null)?.event_id;
      if (typeof id === "string") this.handled.set(id, this.now());
    }
    const ready = new Promise<void>((resolve) => {
      this.started = resolve;
    });
    this.link.start();
    return ready;
  }

  async close(): Promise<void> {
    this.stopPolling();
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    await this.link.close();
    await this.polling;
    // An alert settling adds its Home Assistant event and speech, so wait until nothing is left.
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private onLink(state: "up" | "down", detail: string): void {
    if (state === "up") this.stopPolling();
    else this.startPolling();
    this.started?.();
    this.started = undefined;
    this.onStatus?.(state, detail);
  }

  /** Resolves once the message is dealt with (an alert it decided on is stored): the broker's PUBACK waits for it. */
  private onMessage(topic: string, payload: Buffer): Promise<void> | undefined {
    const prefix = this.o.topicPrefix;
    if (topic === `${prefix}/events`) {
      const parsed = parseFrigateMessage(payload);
      if (!parsed.ok) {
        this.log.warn({ topic, err: parsed.error, bytes: payload.length }, "malformed frigate event skipped");
        return;
      }
      const { type, event, falsePositive } = parsed.message;
      return falsePositive ? undefined : this.consider(event, type === "end");
    }
    // frigate/<camera>/person/snapshot: the latest JPEG of a person on that camera.
    const camera = topic.slice(prefix.length + 1, -`/${PERSON}/snapshot`.length);
    this.snapshots.set(camera, { bytes: payload, at: this.now() });
  }

  /** `final`: nothing better will come (the event ended, or it came from the REST record). */
  private consider(event: FrigateEvent, final: boolean): Promise<void> | undefined {
    this.seenUntil = Math.max(this.seenUntil, event.startTime);
    if (event.label !== PERSON || this.handled.has(event.id) || !this.watched(event)) return;
    const pending = this.pending.get(event.id);
    // Wait a little for a name or a snapshot: the first message of a person usually has neither. (That message
    // is acknowledged at once; Frigate's later update or end message for the person is the one that alerts.)
    if (!final && event.subLabel === null && !event.hasSnapshot) {
      if (pending) pending.event = event;
      else this.pending.set(event.id, { event, timer: setTimeout(() => this.flush(event.id), this.o.faceWaitMs) });
      return;
    }
    if (pending) clearTimeout(pending.timer);
    this.pending.delete(event.id);
    return this.decide(event);
  }

  private flush(id: string): void {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    if (pending) void this.decide(pending.event);
  }

  /** Resolves once the alert (if any) is stored; Home Assistant and the speaker hear of it after that. */
  private decide(event: FrigateEvent): Promise<void> | undefined {
    const now = this.now();
    this.remember(event.id, now);
    if (!this.cooldown.take(event.camera)) {
      const remainingMs = this.cooldown.remaining(event.camera);
      this.log.debug({ camera: event.camera, event: event.id, remainingMs }, "person alert held back by the cooldown");
      return;
    }
    return this.track(this.alert(event).catch((err: unknown) => this.log.error({ err, event: event.id }, "person alert failed")));
  }

  /** Kept until settled, so close() waits for it. */
  private track<T>(task: Promise<T>): Promise<T> {
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
    return task;
  }

  private remember(id: string, now: number): void {
    this.handled.set(id, now);
    if (this.handled.size < 1_000) return;
    for (const [key, at] of this.handled) if (now - at > HANDLED_TTL_MS) this.handled.delete(key);
  }

  private watched(event: FrigateEvent): boolean {
    const cameras = this.o.entryCameras;
    const zones = this.o.entryZones ?? [];
    if (cameras.length === 0 && zones.length === 0) return true;
    return cameras.includes(event.camera) || event.zones.some((z) => zones.includes(z));
  }

  private async alert(event: FrigateEvent): Promise<void> {
    const name = event.subLabel === null ? null : displayName(event.subLabel);
    const place = placeName(event.camera);
    const title = name ? `${name} is at ${place}` : `Someone unknown is at ${place}`;
    const thumbnail = await this.thumbnail(event);
    this.o.events.add({
      type: "alert",
      severity: name ? "info" : "warning",
      source: "monitor",
      title,
      message: `Frigate saw ${name ?? "an unrecognised person"} on camera ${event.camera}` +
        (event.zones.length > 0 ? ` (zones: ${event.zones.join(", ")})` : "") + ".",
      node: event.camera,
      data: {
        camera: event.camera,
        label: event.label,
        name,
        known: name !== null,
        event_id: event.id,
        score: event.topScore ?? event.score,
        zones: event.zones,
        // Path under Frigate's base URL; the full picture is fetched on demand (get_camera_snapshot).
        snapshot: event.hasSnapshot ? `/api/events/${encodeURIComponent(event.id)}/snapshot.jpg` : null,
        thumbnail,
      },
    });
    this.log.info({ camera: event.camera, event: event.id, name }, title);
    const fired = { camera: event.camera, label: event.label, name, known: name !== null, event_id: event.id };
    void this.track(Promise.all([
      this.o.ha?.fireEvent("jarvis_alert", fired).catch((err: unknown) => this.log.warn({ err }, "jarvis_alert not fired")),
      Promise.resolve()
        .then(() => this.o.speak?.(`${title}.`))
        .catch((err: unknown) => this.log.warn({ err }, "alert not spoken")),
    ]));
  }

  /** A small JPEG as a data URL, so the card can show the alert without reaching Frigate itself. */
  private async thumbnail(event: FrigateEvent): Promise<string | null> {
    let bytes: Buffer | undefined;
    if (event.hasSnapshot && this.o.frigate) {
      try {
        bytes = (await this.o.frigate.eventSnapshot(event.id, { height: this.o.thumbnailHeight })).bytes;
      } catch (err) {
        this.log.warn({ err, event: event.id }, "alert snapshot not fetched");
      }
    }
    const mqttSnapshot = this.snapshots.get(event.camera);
    if (!bytes && mqttSnapshot && this.now() - mqttSnapshot.at < SNAPSHOT_FRESH_MS) bytes = mqttSnapshot.bytes;
    if (!bytes || bytes.length > this.o.thumbnailMaxBytes) return null;
    return `data:image/jpeg;base64,${bytes.toString("base64")}`;
  }

  private startPolling(): void {
    if (this.pollTimer || !this.o.frigate) return;
    this.log.info({ everyMs: this.o.pollIntervalMs }, "mqtt down: polling Frigate's events instead");
    this.pollTimer = setInterval(() => this.poll(), this.o.pollIntervalMs);
    this.poll();
  }

  private stopPolling(): void {
    if (!this.pollTimer) return;
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    this.log.info("mqtt back: REST polling stopped");
  }

  private poll(): void {
    const frigate = this.o.frigate;
    if (this.polling || !frigate) return;
    const after = this.seenUntil - POLL_OVERLAP_S;
    this.polling = frigate
      .events({ label: PERSON, after, limit: 100 })
      .then((events) => {
        // Newest first from Frigate; alert in the order they happened.
        for (const e of events.reverse()) if (this.pollTimer) void this.consider(e, true);
      })
      .catch((err: unknown) => this.log.warn({ err }, "frigate event poll failed"))
      .finally(() => (this.polling = undefined));
  }
}
