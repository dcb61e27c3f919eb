// How Frigate serialises its rows: the column set of GET /events, model_to_dict for GET /events/{id}, the
// /config camera section, and the per-hour recordings summary.
import { CAMERAS, type EventRow } from "./data.js";
import { FRAME_HEIGHT, FRAME_WIDTH } from "./images.js";

function eventData(e: EventRow) {
  return {
    box: e.box,
    region: e.region,
    score: e.score,
    top_score: e.top_score,
    attributes: [],
    type: "object",
    ...(e.sub_label_score !== null ? { sub_label_score: e.sub_label_score } : {}),
  };
}

/** The columns GET /events selects; `thumbnail` only with include_thumbnails (Frigate's default). */
export function eventListItem(e: EventRow, thumbnail: string | undefined) {
  return {
    id: e.id,
    camera: e.camera,
    label: e.label,
    zones: e.zones,
    start_time: e.start_time,
    end_time: e.end_time,
    has_clip: e.has_clip,
    has_snapshot: e.has_snapshot,
    plus_id: null,
    retain_indefinitely: e.retain_indefinitely,
    sub_label: e.sub_label,
    top_score: null,
    false_positive: null,
    box: null,
    data: eventData(e),
    ...(thumbnail !== undefined ? { thumbnail } : {}),
  };
}

/** Every column, as GET /events/{event_id} returns it. */
export function eventDetail(e: EventRow, thumbnail: string) {
  return {
    id: e.id,
    label: e.label,
    camera: e.camera,
    start_time: e.start_time,
    end_time: e.end_time,
    top_score: null,
    score: null,
    false_positive: null,
    zones: e.zones,
    thumbnail,
    has_clip: e.has_clip,
    has_snapshot: e.has_snapshot,
    region: null,
    box: null,
    area: null,
    retain_indefinitely: e.retain_indefinitely,
    ratio: null,
    plus_id: null,
    model_hash: "d41d8cd98f00b204e9800998ecf8427e",
    detector_type: "cpu",
    model_type: "ssd",
    data: eventData(e),
    sub_label: e.sub_label,
  };
}

export function configView() {
  const cameras = Object.fromEntries(
    CAMERAS.map((c) => [
      c.name,
      {
        name: c.name,
        enabled: true,
        detect: { enabled: true, width: FRAME_WIDTH, height: FRAME_HEIGHT, fps: 5 },
        objects: { track: ["person", "car", "dog"] },
        record: { enabled: true },
        snapshots: { enabled: true },
        zones: Object.fromEntries(
          c.zones.map((z) => [z, { coordinates: "0.1,0.9,0.9,0.9,0.9,0.5,0.1,0.5", objects: [], inertia: 3 }]),
        ),
      },
    ]),
  );
  return { version: "0.16.0-emulated", cameras, face_recognition: { enabled: true }, mqtt: { enabled: true } };
}

const HOUR = 3600;
const pad = (n: number) => String(n).padStart(2, "0");

/** Hourly recording groups for the last 48 h, newest first, grouped by UTC day like Frigate does. */
export function recordingsSummary(camera: string, events: readonly EventRow[], now: number) {
  if (!CAMERAS.some((c) => c.name === camera)) return [];
  const days = new Map<string, { day: string; events: number; hours: object[] }>();
  const firstHour = Math.floor(now / HOUR) * HOUR;
  for (let h = 0; h < 48; h++) {
    const start = firstHour - h * HOUR;
    const d = new Date(start * 1000);
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const count = events.filter(
      (e) => e.camera === camera && e.has_clip && e.start_time >= start && e.start_time < start + HOUR,
    ).length;
    const hour = {
      hour: pad(d.getUTCHours()),
      events: count,
      motion: 40 + ((h * 37) % 200),
      objects: count * 12,
      duration: Math.round(Math.min(HOUR, now - start)),
    };
    const entry = days.get(day) ?? { day, events: 0, hours: [] };
    entry.events += count;
    entry.hours.push(hour);
    days.set(day, entry);
  }
  return [...days.values()].map(({ day, events: n, hours }) => ({ events: n, hours, day }));
}
