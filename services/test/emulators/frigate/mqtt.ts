// Payloads of Frigate's `frigate/events` MQTT topic: {type: new|update|end, before, after}, where before and
// after are the tracked object as it was and as it is. Built from our EventRow so the alert service can be
// fed the same objects the HTTP API reports. No broker connection here; a test or demo publishes them.
import type { EventRow } from "./data.js";
import { FRAME_HEIGHT, FRAME_WIDTH } from "./images.js";

export type MqttEventType = "new" | "update" | "end";

export interface MqttEventMessage {
  type: MqttEventType;
  before: TrackedObject;
  after: TrackedObject;
}

export type TrackedObject = ReturnType<typeof trackedObject>;

/** Relative [x, y, w, h] -> absolute [x1, y1, x2, y2] pixels, as the MQTT payload carries boxes. */
function pixels([x, y, w, h]: readonly number[]): [number, number, number, number] {
  const px = (v: number, size: number) => Math.round(v! * size);
  return [px(x!, FRAME_WIDTH), px(y!, FRAME_HEIGHT), px(x! + w!, FRAME_WIDTH), px(y! + h!, FRAME_HEIGHT)];
}

function area([x1, y1, x2, y2]: readonly number[]): number {
  return (x2! - x1!) * (y2! - y1!);
}

/** The tracked object at `frameTime`; `stage` decides what it has seen so far. */
export function trackedObject(e: EventRow, frameTime: number, stage: MqttEventType) {
  const box = pixels(e.box);
  const region = pixels(e.region);
  const seen = stage !== "new";
  const ended = stage === "end";
  return {
    id: e.id,
    camera: e.camera,
    frame_time: frameTime,
    snapshot: e.has_snapshot
      ? { frame_time: frameTime, box, area: area(box), region, score: e.top_score, attributes: [] }
      : null,
    label: e.label,
    sub_label: seen && e.sub_label !== null ? ([e.sub_label, e.sub_label_score ?? 0] as [string, number]) : null,
    top_score: e.top_score,
    false_positive: e.false_positive,
    start_time: e.start_time,
    end_time: ended ? e.end_time : null,
    score: seen ? e.score : Math.max(0, e.score - 0.1),
    box,
    area: area(box),
    ratio: Number(((box[2] - box[0]) / Math.max(1, box[3] - box[1])).toFixed(6)),
    region,
    current_zones: ended ? [] : e.zones.slice(0, seen ? undefined : 1),
    entered_zones: e.zones.slice(0, seen ? undefined : 1),
    thumbnail: null,
    has_snapshot: e.has_snapshot && seen,
    has_clip: e.has_clip && seen,
    active: !ended,
    stationary: false,
    motionless_count: 0,
    position_changes: seen ? 2 : 0,
    attributes: e.sub_label !== null && seen ? { face: e.sub_label_score ?? 0 } : {},
    current_attributes: [] as { label: string; box: number[]; score: number }[],
    current_estimated_speed: 0,
    average_estimated_speed: 0,
    velocity_angle: 0,
    recognized_license_plate: null as string | null,
    recognized_license_plate_score: null as number | null,
  };
}

/** One message of the given type for the event; `before` is the object one step earlier. */
export function mqttEventMessage(e: EventRow, type: MqttEventType): MqttEventMessage {
  const previous: Record<MqttEventType, MqttEventType> = { new: "new", update: "new", end: "update" };
  const t = e.start_time;
  const frame: Record<MqttEventType, number> = { new: t, update: t + 1, end: e.end_time ?? t + 2 };
  const prev = previous[type];
  return { type, before: trackedObject(e, frame[prev], prev), after: trackedObject(e, frame[type], type) };
}

/** The messages Frigate sends over an event's life: new, update, and end once it has ended. */
export function mqttEventLifecycle(e: EventRow): MqttEventMessage[] {
  const types: MqttEventType[] = e.end_time === null ? ["new", "update"] : ["new", "update", "end"];
  return types.map((type) => mqttEventMessage(e, type));
}
