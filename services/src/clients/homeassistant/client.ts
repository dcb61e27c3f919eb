// Home Assistant over its websocket API, through home-assistant-js-websocket: a live entity cache
// (subscribe_entities), service calls (with responses), events, and the Assist-exposed entity list.
// The library reconnects with backoff (0, 1, 2 ... 5 s) after a drop and resubscribes, so the cache resumes;
// this class adds command timeouts, a keepalive ping for connections that die silently, typed errors and
// up/down reports.
import {
  createConnection,
  subscribeEntities,
  type Connection,
  type Context,
  type HassEntities,
  type HassEntity,
  type HassServiceTarget,
  type MessageBase,
} from "home-assistant-js-websocket";
import type { WebSocket } from "ws";
import type { Config } from "../../config/index.js";
import type { Logger } from "../../log.js";
import { ClientError } from "../errors.js";
import { aliasesByEntity, buildDirectory, type AssistDirectory } from "./directory.js";
import { areasByEntity, compactEntity, exposedToAssist, parseAreas, parseDevices, registryPlaces, type CompactEntity } from "./entities.js";
import { SERVICE, toHaError } from "./errors.js";
import { socketFactory, websocketUrl } from "./socket.js";

export type HomeAssistantOptions = NonNullable<Config["homeAssistant"]> & {
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** How often to ping HA; a ping left unanswered for commandTimeoutMs forces a reconnect. */
  pingIntervalMs?: number;
};

export type StatusListener = (state: "up" | "down", detail: string) => void;

export interface ServiceCallResult {
  context: Context;
  /** What the service returned; present only when asked for with returnResponse. */
  response?: unknown;
}

const DEFAULTS = { commandTimeoutMs: 10_000, connectTimeoutMs: 10_000, pingIntervalMs: 30_000 };

export class HomeAssistantClient {
  private readonly opts: HomeAssistantOptions & typeof DEFAULTS;
  private readonly wsUrl: string;
  private conn: Connection | undefined;
  private connecting: Promise<Connection> | undefined;
  private cache: HassEntities = {};
  private readonly entityListeners = new Set<(entities: HassEntities) => void>();
  private pingTimer: NodeJS.Timeout | undefined;
  private lastFailure = "";
  private lastState: "up" | "down" | undefined;
  private closed = false;

  constructor(
    options: HomeAssistantOptions,
    private readonly logger: Logger,
    private readonly onStatus?: StatusListener,
  ) {
    this.opts = { ...DEFAULTS, ...options };
    this.wsUrl = websocketUrl(options.kind, options.url);
  }

  /** Connects and waits for the first full entity snapshot. Safe to call again; the next call retries a failure. */
  async connect(): Promise<void> {
    await this.connection();
  }

  /** The live entity cache (empty until connected). */
  entities(): HassEntities {
    return this.cache;
  }

  entity(entityId: string): HassEntity | undefined {
    return this.cache[entityId];
  }

  /** Called with the whole cache after every change; returns the unsubscribe. */
  onEntities(listener: (entities: HassEntities) => void): () => void {
    this.entityListeners.add(listener);
    return () => this.entityListeners.delete(listener);
  }

  /** Fresh states straight from HA (get_states), not the cache. */
  async states(): Promise<HassEntity[]> {
    return this.command<HassEntity[]>({ type: "get_states" });
  }

  async callService(
    domain: string,
    service: string,
    opts: { target?: HassServiceTarget; data?: Record<string, unknown>; returnResponse?: boolean } = {},
  ): Promise<ServiceCallResult> {
    return this.command<ServiceCallResult>({
      type: "call_service",
      domain,
      service,
      ...(opts.target ? { target: opts.target } : {}),
      ...(opts.data ? { service_data: opts.data } : {}),
      ...(opts.returnResponse ? { return_response: true } : {}),
    });
  }

  /** Fires an event on HA's bus (e.g. jarvis_alert) that automations can trigger on. */
  async fireEvent(eventType: string, data: Record<string, unknown> = {}): Promise<void> {
    await this.command({ type: "fire_event", event_type: eventType, event_data: data });
  }

  /** Subscribes to HA events (all, or one type); the library renews the subscription after a reconnect. */
  async subscribeEvents<T = unknown>(callback: (event: T) => void, eventType?: string): Promise<() => Promise<void>> {
    const conn = await this.connection();
    try {
      const unsubscribe = await this.timed(conn.subscribeEvents<T>(callback, eventType), "subscribe_events");
      return () => unsubscribe().catch((err: unknown) => Promise.reject(toHaError(err)));
    } catch (err) {
      throw toHaError(err);
    }
  }

  /** The entities offered to the agent: those exposed to Assist, or all of them when exposeAll is set. */
  async exposedEntities(): Promise<CompactEntity[]> {
    const view = await this.registryView();
    const areaOf = areasByEntity(view.registry, view.areas, view.devices);
    return view.offered.map((e) => compactEntity(e, areaOf.get(e.entity_id)));
  }

  /** The offered entities with what Assist knows them by (aliases, device, area with its aliases). */
  async assistDirectory(): Promise<AssistDirectory> {
    const view = await this.registryView();
    const ids = view.offered.map((e) => e.entity_id);
    const entries =
      ids.length === 0
        ? {}
        : await this.command({ type: "config/entity_registry/get_entries", entity_ids: ids }).catch((err: unknown) => this.skipped(err));
    return buildDirectory(view.offered, registryPlaces(view.registry), parseDevices(view.devices), parseAreas(view.areas), aliasesByEntity(entries));
  }

  /** The offered states (sorted by id) and the registry listings that place them. */
  private async registryView() {
    await this.connection();
    const [exposed, registry, devices, areas] = await Promise.all([
      this.opts.exposeAll ? undefined : this.command({ type: "homeassistant/expose_entity/list" }).then(exposedToAssist),
      // Areas are a nicety: an HA that refuses the registry listings still gets its entities offered.
      this.command({ type: "config/entity_registry/list_for_display" }).catch((err: unknown) => this.skipped(err)),
      this.command({ type: "config/device_registry/list" }).catch((err: unknown) => this.skipped(err)),
      this.command({ type: "config/area_registry/list" }).catch((err: unknown) => this.skipped(err)),
    ]);
    const offered = Object.values(this.cache)
      .filter((e) => !exposed || exposed.has(e.entity_id))
      .sort((a, b) => a.entity_id.localeCompare(b.entity_id));
    return { offered, registry, devices, areas };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pingTimer);
    const conn = this.conn ?? (await this.connecting?.catch(() => undefined));
    this.conn = undefined;
    if (!conn) return;
    const socket = conn.socket as unknown as WebSocket | undefined;
    conn.close();
    await closedWithin(socket, 1_000);
  }

  private connection(): Promise<Connection> {
    if (this.closed) return Promise.reject(new ClientError(SERVICE, "unreachable", "the client is closed"));
    if (this.conn) return Promise.resolve(this.conn);
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<Connection> {
    const createSocket = socketFactory({
      wsUrl: this.wsUrl,
      token: this.opts.token,
      connectTimeoutMs: this.opts.connectTimeoutMs,
      logger: this.logger,
      active: () => !this.closed,
      onFailure: (reason) => {
        this.lastFailure = reason;
      },
    });
    let conn: Connection;
    try {
      conn = await createConnection({ setupRetry: 0, createSocket });
    } catch (err) {
      const error = toHaError(err);
      const detailed =
        error.kind === "unreachable" ? new ClientError(SERVICE, "unreachable", `${this.wsUrl}: ${this.lastFailure}`) : error;
      this.report("down", detailed.explain());
      throw detailed;
    }
    conn.addEventListener("ready", () => this.report("up", `connected to Home Assistant ${conn.haVersion}`));
    conn.addEventListener("disconnected", () => this.report("down", "connection lost; reconnecting"));
    conn.addEventListener("reconnect-error", () => {
      // The library gives up after a refused token; forget this connection so the next call starts afresh.
      this.report("down", "the access token was refused on reconnect");
      if (this.conn === conn) this.conn = undefined;
      conn.close();
    });
    try {
      await this.firstSnapshot(conn);
    } catch (err) {
      conn.close();
      throw toHaError(err);
    }
    if (this.closed) {
      conn.close();
      throw new ClientError(SERVICE, "unreachable", "the client is closed");
    }
    this.conn = conn;
    this.startPing(conn);
    this.report("up", `connected to Home Assistant ${conn.haVersion}`);
    return conn;
  }

  private firstSnapshot(conn: Connection): Promise<void> {
    const first = new Promise<void>((resolve) => {
      subscribeEntities(conn, (entities) => {
        this.cache = entities;
        for (const listener of this.entityListeners) listener(entities);
        resolve();
      });
    });
    return this.timed(first, "subscribe_entities");
  }

  private startPing(conn: Connection): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (!conn.connected) return;
      this.timed(conn.ping(), "ping").catch(() => {
        this.logger.warn("Home Assistant did not answer a ping; reconnecting");
        conn.reconnect(true);
      });
    }, this.opts.pingIntervalMs);
  }

  private async command<T = unknown>(message: MessageBase): Promise<T> {
    const conn = await this.connection();
    try {
      return await this.timed(conn.sendMessagePromise<T>(message), message.type);
    } catch (err) {
      throw toHaError(err);
    }
  }

  private timed<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new ClientError(SERVICE, "timeout", `no answer to ${what} within ${this.opts.commandTimeoutMs} ms`)),
        this.opts.commandTimeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  private skipped(err: unknown): undefined {
    this.logger.debug({ err: toHaError(err).message }, "Home Assistant registry listing unavailable; left out");
    return undefined;
  }

  private report(state: "up" | "down", detail: string): void {
    if (this.closed) return;
    if (state !== this.lastState) {
      this.logger[state === "up" ? "info" : "warn"]({ detail }, `Home Assistant ${state}`);
      this.lastState = state;
    }
    this.onStatus?.(state, detail);
  }
}

/** Waits for a socket's close handshake, cutting it if the peer does not answer in time. */
function closedWithin(socket: WebSocket | undefined, ms: number): Promise<void> {
  if (!socket || socket.readyState === socket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.terminate(), ms);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
