// Frigate's `frigate/events` MQTT payloads ({type, before, after}) checked strictly with zod: fields Frigate
// has always sent are required, so a truncated or foreign message is refused, while fields newer versions
// add are ignored. The tracked object is turned into the same FrigateEvent the HTTP client returns, so the
// alert rules read one shape whether an event came over MQTT or from the REST fallback.
import { z } from "zod";
import type { FrigateEvent } from "../clients/frigate.js";

const zones = z.array(z.string());

const trackedObject = z.object({
  id: z.string().min(1),
  camera: z.string().min(1),
  label: z.string().min(1),
  // A plain name in older versions, [name, score] since face recognition landed (0.16).
  sub_label: z.union([z.string(), z.tuple([z.string(), z.number()]), z.null()]),
  score: z.number().nullable(),
  top_score: z.number().nullable(),
  false_positive: z.boolean(),
  start_time: z.number(),
  end_time: z.number().nullable(),
  current_zones: zones,
  entered_zones: zones,
  has_snapshot: z.boolean(),
  has_clip: z.boolean(),
});

const messageSchema = z.object({
  type: z.enum(["new", "update", "end"]),
  before: trackedObject,
  after: trackedObject,
});

export type FrigateMessageType = z.infer<typeof messageSchema>["type"];

export interface FrigateMessage {
  type: FrigateMessageType;
  /** The tracked object as it is now. */
  event: FrigateEvent;
  falsePositive: boolean;
}

export type ParseResult = { ok: true; message: FrigateMessage } | { ok: false; error: string };

function toEvent(o: z.infer<typeof trackedObject>): FrigateEvent {
  const [name, nameScore] = Array.isArray(o.sub_label) ? o.sub_label : [o.sub_label, null];
  return {
    id: o.id,
    camera: o.camera,
    label: o.label,
    subLabel: name,
    subLabelScore: nameScore,
    score: o.score,
    topScore: o.top_score,
    // Zones it is in now and zones it has passed through: someone who crossed the porch has been there.
    zones: [...new Set([...o.entered_zones, ...o.current_zones])],
    startTime: o.start_time,
    endTime: o.end_time,
    inProgress: o.end_time === null,
    hasSnapshot: o.has_snapshot,
    hasClip: o.has_clip,
  };
}

export function parseFrigateMessage(payload: Buffer | string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString());
  } catch {
    return { ok: false, error: "not JSON" };
  }
  const parsed = messageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${issue?.path.join(".") || "message"}: ${issue?.message ?? "invalid"}` };
  }
  const { type, before, after } = parsed.data;
  if (before.id !== after.id) return { ok: false, error: `before.id ${before.id} differs from after.id ${after.id}` };
  return { ok: true, message: { type, event: toEvent(after), falsePositive: after.false_positive } };
}
