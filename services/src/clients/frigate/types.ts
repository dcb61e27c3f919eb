// What the Frigate client returns (camelCase, flattened) and the zod schemas of the Frigate answers it reads.
// Schemas keep only the fields we use, so newer Frigate versions that add fields still parse.
import { z } from "zod";

export interface EventQuery {
  camera?: string | readonly string[];
  label?: string | readonly string[];
  zone?: string | readonly string[];
  /** Recognised names (face / plate sub-labels); "None" matches events without one, as in Frigate. */
  subLabel?: string | readonly string[];
  /** Epoch seconds: events that started after / before. */
  after?: number;
  before?: number;
  limit?: number;
  hasSnapshot?: boolean;
}

export interface FrigateEvent {
  id: string;
  camera: string;
  label: string;
  subLabel: string | null;
  subLabelScore: number | null;
  score: number | null;
  topScore: number | null;
  zones: string[];
  startTime: number;
  endTime: number | null;
  inProgress: boolean;
  hasSnapshot: boolean;
  hasClip: boolean;
}

export interface FrigateCamera {
  name: string;
  enabled: boolean;
  zones: string[];
}

export interface RecordingHour {
  hour: string;
  events: number;
  motion: number;
  objects: number;
  /** Seconds recorded in that hour. */
  duration: number;
}

export interface RecordingDay {
  day: string;
  events: number;
  hours: RecordingHour[];
}

export interface RecognizedFace {
  name: string;
  /** Images registered for that person in Frigate's face library. */
  images: number;
}

export interface FrigateImage {
  bytes: Buffer;
  mime: "image/jpeg" | "image/webp";
}

const score = z.number().nullish();

// sub_label is a string in the database (HTTP API); some versions send [name, score] as MQTT does.
const subLabel = z.union([z.string(), z.tuple([z.string(), z.number()]), z.null()]).optional();

export const eventSchema = z.object({
  id: z.string(),
  camera: z.string(),
  label: z.string(),
  sub_label: subLabel,
  zones: z.array(z.string()).default([]),
  start_time: z.number(),
  end_time: z.number().nullable(),
  has_clip: z.boolean(),
  has_snapshot: z.boolean(),
  top_score: score,
  data: z.object({ score, top_score: score, sub_label_score: score }).partial().nullish(),
});

export function toEvent(raw: z.infer<typeof eventSchema>): FrigateEvent {
  const [name, nameScore] = Array.isArray(raw.sub_label) ? raw.sub_label : [raw.sub_label ?? null, null];
  return {
    id: raw.id,
    camera: raw.camera,
    label: raw.label,
    subLabel: name,
    subLabelScore: nameScore ?? raw.data?.sub_label_score ?? null,
    score: raw.data?.score ?? null,
    topScore: raw.data?.top_score ?? raw.top_score ?? null,
    zones: raw.zones,
    startTime: raw.start_time,
    endTime: raw.end_time,
    inProgress: raw.end_time === null,
    hasSnapshot: raw.has_snapshot,
    hasClip: raw.has_clip,
  };
}

export const configSchema = z.object({
  cameras: z.record(
    z.string(),
    z.object({ enabled: z.boolean().default(true), zones: z.record(z.string(), z.unknown()).default({}) }),
  ),
});

export const recordingsSummarySchema = z.array(
  z.object({
    day: z.string(),
    events: z.number(),
    hours: z.array(
      z.object({ hour: z.string(), events: z.number(), motion: z.number(), objects: z.number(), duration: z.number() }),
    ),
  }),
);

export const facesSchema = z.record(z.string(), z.array(z.string()));

/** Frigate keeps unclassified face crops in a "train" folder of the same library; it is not a person. */
export const FACE_TRAINING_FOLDER = "train";
