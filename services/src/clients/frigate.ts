// Frigate NVR over its HTTP API (the /api paths of port 5000): tracked-object events with filters, event
// snapshots and thumbnails, live frames, recording summaries, the face library and the camera list.
// Images are checked by their bytes, not only their Content-Type; every failure is a ClientError.
import type { z } from "zod";
import type { Config } from "../config/config.js";
import type { Logger } from "../log.js";
import { ClientError } from "./errors.js";
import {
  configSchema,
  eventSchema,
  FACE_TRAINING_FOLDER,
  facesSchema,
  recordingsSummarySchema,
  toEvent,
  type EventQuery,
  type FrigateCamera,
  type FrigateEvent,
  type FrigateImage,
  type RecognizedFace,
  type RecordingDay,
} from "./frigate/types.js";
import { headerValue, HttpClient, statusError, type StatusCallback } from "./http.js";

export type * from "./frigate/types.js";

const SERVICE = "Frigate";

export interface FrigateOptions {
  url: string;
  timeoutMs?: number;
  /** Cap on any answer (JSON or image). */
  maxBytes?: number;
}

const DEFAULTS = { timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 };
const eventSchemaList = eventSchema.array();

type Query = Record<string, string | number | undefined>;

/** Frigate's error bodies: {success, message}, FastAPI's {detail}, or a bare JSON string. */
function upstreamMessage(body: Buffer): string {
  const text = body.toString("utf8");
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json === "string") return json;
    const o = json as { message?: unknown; detail?: unknown };
    if (typeof o.message === "string") return o.message;
    if (typeof o.detail === "string") return o.detail;
    if (Array.isArray(o.detail)) {
      return o.detail.map((d: { loc?: unknown[]; msg?: string }) => `${(d.loc ?? []).at(-1)}: ${d.msg}`).join("; ");
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.trim().slice(0, 300) || "no details";
}

function sniffImage(bytes: Buffer): FrigateImage["mime"] | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") {
    return "image/webp";
  }
  return undefined;
}

/** Frigate's list filters are comma-separated, so a comma inside one value cannot be sent. */
function list(name: string, value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const values = typeof value === "string" ? [value] : [...value];
  if (values.length === 0) return undefined;
  const bad = values.find((v) => v === "" || v.includes(","));
  if (bad !== undefined) throw new ClientError(SERVICE, "bad_request", `${name} filter value "${bad}" is empty or has a comma`);
  return values.join(",");
}

export class FrigateClient {
  private readonly http: HttpClient;
  private readonly base: string;
  private readonly maxBytes: number;

  constructor(
    opts: NonNullable<Config["frigate"]> | FrigateOptions,
    private readonly log: Logger,
    onStatus?: StatusCallback,
  ) {
    const o = { ...DEFAULTS, ...opts };
    this.base = `${o.url.replace(/\/+$/, "")}/api`;
    this.maxBytes = o.maxBytes;
    this.http = new HttpClient(SERVICE, o.timeoutMs, onStatus);
  }

  /** Tracked-object events, newest first. */
  async events(q: EventQuery = {}): Promise<FrigateEvent[]> {
    const raw = await this.json("/events", "events", eventSchemaList, {
      cameras: list("camera", q.camera),
      labels: list("label", q.label),
      zones: list("zone", q.zone),
      sub_labels: list("sub_label", q.subLabel),
      after: q.after,
      before: q.before,
      limit: q.limit,
      has_snapshot: q.hasSnapshot === undefined ? undefined : Number(q.hasSnapshot),
      include_thumbnails: 0,
    });
    return raw.map(toEvent);
  }

  async event(id: string): Promise<FrigateEvent> {
    return toEvent(await this.json(`/events/${encodeURIComponent(id)}`, `event "${id}"`, eventSchema));
  }

  /** The event's snapshot (JPEG); for an event still in progress, Frigate renders a live one at `height`. */
  async eventSnapshot(id: string, opts: { height?: number } = {}): Promise<FrigateImage> {
    const path = `/events/${encodeURIComponent(id)}/snapshot.jpg`;
    return this.image(path, `snapshot of event "${id}"`, ["image/jpeg"], { height: opts.height });
  }

  /** The event's small thumbnail. Frigate 0.14+ stores WebP and serves it even for thumbnail.jpg. */
  async eventThumbnail(id: string): Promise<FrigateImage> {
    const path = `/events/${encodeURIComponent(id)}/thumbnail.jpg`;
    return this.image(path, `thumbnail of event "${id}"`, ["image/jpeg", "image/webp"]);
  }

  /** The camera's current frame (JPEG). */
  async latestFrame(camera: string, opts: { height?: number } = {}): Promise<FrigateImage> {
    const path = `/${encodeURIComponent(camera)}/latest.jpg`;
    return this.image(path, `latest frame of camera "${camera}"`, ["image/jpeg"], { height: opts.height });
  }

  /** Hours with recordings per day (UTC), newest first. */
  async recordingsSummary(camera: string): Promise<RecordingDay[]> {
    const path = `/${encodeURIComponent(camera)}/recordings/summary`;
    return this.json(path, `recordings of camera "${camera}"`, recordingsSummarySchema);
  }

  /** People in Frigate's face library (the names face recognition puts in events' sub_label). */
  async faces(): Promise<RecognizedFace[]> {
    const library = await this.json("/faces", "face library", facesSchema);
    return Object.entries(library)
      .filter(([name]) => name !== FACE_TRAINING_FOLDER)
      .map(([name, images]) => ({ name, images: images.length }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Cameras from Frigate's running config, with their zone names. */
  async cameras(): Promise<FrigateCamera[]> {
    const config = await this.json("/config", "config", configSchema);
    return Object.entries(config.cameras).map(([name, c]) => ({ name, enabled: c.enabled, zones: Object.keys(c.zones) }));
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private async get(path: string, what: string, query: Query = {}) {
    const url = new URL(this.base + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const res = await this.http.get(url.toString(), { maxBytes: this.maxBytes });
    if (res.status >= 300) {
      const detail = upstreamMessage(res.body);
      this.log.debug({ status: res.status, path, detail }, "frigate request refused");
      throw statusError(SERVICE, res.status, `${what}: ${detail} (HTTP ${res.status})`);
    }
    return res;
  }

  private async json<S extends z.ZodType>(path: string, what: string, schema: S, query?: Query): Promise<z.infer<S>> {
    const res = await this.get(path, what, query);
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body.toString("utf8"));
    } catch {
      throw new ClientError(SERVICE, "upstream", `${what}: the answer is not JSON`);
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      throw new ClientError(SERVICE, "upstream", `${what}: unexpected answer (${result.error.issues[0]?.message})`);
    }
    return result.data;
  }

  private async image(path: string, what: string, accept: FrigateImage["mime"][], query?: Query): Promise<FrigateImage> {
    const res = await this.get(path, what, query);
    const declared = headerValue(res.headers, "content-type");
    const mime = sniffImage(res.body);
    if (!declared.startsWith("image/") || !mime || !accept.includes(mime)) {
      throw new ClientError(
        SERVICE,
        "upstream",
        `${what}: expected ${accept.join(" or ")} but got ${mime ?? "unrecognised bytes"} (Content-Type ${declared || "none"})`,
      );
    }
    return { bytes: res.body, mime };
  }
}
