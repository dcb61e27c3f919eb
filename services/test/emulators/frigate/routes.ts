// The emulator's route table: each route names its OpenAPI path (Frigate serves them under /api), the query
// and path parameters it reads with their types (validated FastAPI-style before the handler runs), and the
// handler. The conformance test checks this table against Frigate's published OpenAPI document.
import { CAMERAS, FACE_LIBRARY, type EventRow } from "./data.js";
import type { ParamType, Parsed } from "./params.js";
import { configView, eventDetail, eventListItem, recordingsSummary } from "./views.js";

export interface FrigateState {
  readonly now: number;
  readonly events: EventRow[];
  /** A JPEG for `seed`, `height` px tall (default frame size when undefined). */
  jpeg(seed: string, height?: number, quality?: number): Buffer;
  thumbnail(e: EventRow): Buffer;
  /** Advances the camera's frame counter, so consecutive latest frames differ. */
  nextFrame(camera: string): number;
}

export type Reply = { status: number; json: unknown } | { status: 200; image: Buffer; mime: string };
type Values = Record<string, Parsed | undefined>;

export interface Route {
  method: "GET";
  path: string;
  pathParams: Readonly<Record<string, ParamType>>;
  query: Readonly<Record<string, ParamType>>;
  handle(state: FrigateState, path: Values, query: Values): Reply;
}

const EXTENSION = { enum: ["webp", "png", "jpg", "jpeg"] } as const;
const MIME: Record<string, string> = { webp: "image/webp", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg" };
const fail = (status: number, message: string): Reply => ({ status, json: { success: false, message } });
const ok = (json: unknown): Reply => ({ status: 200, json });
const num = (v: Parsed | undefined) => (typeof v === "number" ? v : undefined);
const str = (v: Parsed | undefined, fallback: string) => (typeof v === "string" ? v : fallback);

/** Frigate's "x" / "xs" pairs: the plural wins unless it is "all"; values are comma-separated. */
function listFilter(q: Values, one: string, many: string): string[] | null {
  const plural = str(q[many], "all");
  const value = plural === "all" ? str(q[one], "all") : plural;
  return value === "all" ? null : value.split(",");
}

function filterEvents(all: readonly EventRow[], q: Values): EventRow[] {
  const cameras = listFilter(q, "camera", "cameras");
  const labels = listFilter(q, "label", "labels");
  const subLabels = listFilter(q, "sub_label", "sub_labels");
  const zones = listFilter(q, "zone", "zones");
  const after = num(q.after);
  const before = num(q.before);
  return all.filter(
    (e) =>
      (!cameras || cameras.includes(e.camera)) &&
      (!labels || labels.includes(e.label)) &&
      (!subLabels ||
        subLabels.some((s) => (s === "None" ? e.sub_label === null : (e.sub_label ?? "").split(", ").includes(s)))) &&
      (!zones || zones.some((z) => (z === "None" ? e.zones.length === 0 : e.zones.includes(z)))) &&
      (!after || e.start_time > after) &&
      (!before || e.start_time < before) &&
      (q.has_clip === undefined || Number(e.has_clip) === q.has_clip) &&
      (q.has_snapshot === undefined || Number(e.has_snapshot) === q.has_snapshot) &&
      (q.in_progress === undefined || (e.end_time === null) === Boolean(q.in_progress)) &&
      (q.min_score === undefined || e.score >= (q.min_score as number)) &&
      (q.max_score === undefined || e.score <= (q.max_score as number)),
  );
}

const SORTS: Record<string, (a: EventRow, b: EventRow) => number> = {
  score_asc: (a, b) => a.score - b.score,
  score_desc: (a, b) => b.score - a.score,
  date_asc: (a, b) => a.start_time - b.start_time,
  date_desc: (a, b) => b.start_time - a.start_time,
};

function listEvents(state: FrigateState, q: Values): Reply {
  const sorted = filterEvents(state.events, q).sort(SORTS[str(q.sort, "date_desc")] ?? SORTS.date_desc);
  const limit = num(q.limit) ?? 100;
  const page = limit < 0 ? sorted : sorted.slice(0, limit); // SQLite: a negative LIMIT means no limit
  const withThumbs = q.include_thumbnails !== 0;
  return ok(page.map((e) => eventListItem(e, withThumbs ? state.thumbnail(e).toString("base64") : undefined)));
}

function eventSnapshot(state: FrigateState, id: string, q: Values): Reply {
  const e = state.events.find((x) => x.id === id);
  if (e && e.end_time !== null) {
    // Ended events serve the stored snapshot; the query only shapes live (in-progress) frames.
    if (!e.has_snapshot) return fail(404, "Snapshot not available");
    return { status: 200, image: state.jpeg(`snapshot:${e.id}`), mime: "image/jpeg" };
  }
  if (!e) return fail(404, "Live frame not available");
  const image = state.jpeg(`snapshot:${e.id}`, num(q.height), num(q.quality));
  return { status: 200, image, mime: "image/jpeg" };
}

function latestFrame(state: FrigateState, camera: string, extension: string, q: Values): Reply {
  if (!CAMERAS.some((c) => c.name === camera)) return fail(404, "Camera not found");
  const height = num(q.height);
  if (height !== undefined && height < 0) {
    return { status: 400, json: `Invalid height / width requested :: ${height} / ${Math.round((height * 16) / 9)}` };
  }
  if (MIME[extension] !== "image/jpeg") return fail(501, "The emulator encodes jpg/jpeg only");
  const image = state.jpeg(`latest:${camera}:${state.nextFrame(camera)}`, height || undefined, num(q.quality));
  return { status: 200, image, mime: "image/jpeg" };
}

const EVENT_QUERY = {
  camera: "str",
  cameras: "str",
  label: "str",
  labels: "str",
  sub_label: "str",
  sub_labels: "str",
  zone: "str",
  zones: "str",
  limit: "int",
  after: "float",
  before: "float",
  has_clip: "int",
  has_snapshot: "int",
  in_progress: "int",
  include_thumbnails: "int",
  min_score: "float",
  max_score: "float",
  sort: "str",
} as const;

export const ROUTES: readonly Route[] = [
  { method: "GET", path: "/config", pathParams: {}, query: {}, handle: () => ok(configView()) },
  { method: "GET", path: "/faces", pathParams: {}, query: {}, handle: () => ok(FACE_LIBRARY) },
  { method: "GET", path: "/events", pathParams: {}, query: EVENT_QUERY, handle: (s, _p, q) => listEvents(s, q) },
  {
    method: "GET",
    path: "/events/{event_id}",
    pathParams: { event_id: "str" },
    query: {},
    handle: (s, p) => {
      const e = s.events.find((x) => x.id === p.event_id);
      // Frigate answers this one route's 404 with a bare JSON string.
      return e ? ok(eventDetail(e, s.thumbnail(e).toString("base64"))) : { status: 404, json: "Event not found" };
    },
  },
  {
    method: "GET",
    path: "/events/{event_id}/snapshot.jpg",
    pathParams: { event_id: "str" },
    query: { download: "bool", timestamp: "int", bbox: "int", crop: "int", height: "int", quality: "int" },
    handle: (s, p, q) => eventSnapshot(s, String(p.event_id), q),
  },
  {
    method: "GET",
    path: "/events/{event_id}/thumbnail.{extension}",
    pathParams: { event_id: "str", extension: EXTENSION },
    query: { max_cache_age: "int" },
    handle: (s, p) => {
      const e = s.events.find((x) => x.id === p.event_id);
      if (!e) return fail(404, "Event not found");
      // Frigate labels the stored thumbnail bytes with the requested extension's type.
      return { status: 200, image: s.thumbnail(e), mime: MIME[String(p.extension)]! };
    },
  },
  {
    method: "GET",
    path: "/{camera_name}/latest.{extension}",
    pathParams: { camera_name: "str", extension: EXTENSION },
    query: { height: "int", quality: "int", bbox: "int", timestamp: "int", zones: "int", mask: "int" },
    handle: (s, p, q) => latestFrame(s, String(p.camera_name), String(p.extension), q),
  },
  {
    method: "GET",
    path: "/{camera_name}/recordings/summary",
    pathParams: { camera_name: "str" },
    query: {},
    handle: (s, p) => ok(recordingsSummary(String(p.camera_name), s.events, s.now)),
  },
];
