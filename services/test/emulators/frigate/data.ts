// The emulated Frigate's world: three cameras with zones, a day and a half of tracked objects (events), the
// face library. Times are relative to the emulator's `now`, so "the last hour" means something in demo mode.
export interface CameraSetup {
  name: string;
  zones: readonly string[];
}

/** One row of Frigate's Event table, in its own field names. */
export interface EventRow {
  id: string;
  camera: string;
  label: string;
  sub_label: string | null;
  sub_label_score: number | null;
  zones: string[];
  start_time: number;
  end_time: number | null;
  has_clip: boolean;
  has_snapshot: boolean;
  score: number;
  top_score: number;
  false_positive: boolean;
  box: [number, number, number, number];
  region: [number, number, number, number];
  retain_indefinitely: boolean;
}

export type NewEvent = Pick<EventRow, "camera" | "label"> & Partial<Omit<EventRow, "camera" | "label">>;

export const CAMERAS: readonly CameraSetup[] = [
  { name: "front_door", zones: ["porch", "walkway"] },
  { name: "driveway", zones: ["driveway_entrance", "street"] },
  { name: "backyard", zones: ["lawn", "patio"] },
];

/** Folder names in Frigate's face library; "train" holds unclassified attempts, as in Frigate. */
export const FACE_LIBRARY: Readonly<Record<string, readonly string[]>> = {
  alice: ["alice-k2j4xq.webp", "alice-p0c81m.webp", "alice-zz19ab.webp"],
  bob: ["bob-4mfq2t.webp"],
  train: ["1718000000.123456-ab12cd-1718000001.5-unknown-0.42.webp"],
};

// minutesAgo, camera, label, sub_label, zones, duration (s; null = still tracked), snapshot, clip, score
type Seed = [number, string, string, string | null, string[], number | null, boolean, boolean, number];
const SEEDS: readonly Seed[] = [
  [1, "front_door", "dog", null, ["walkway"], null, true, true, 0.71],
  [5, "front_door", "person", "alice", ["porch"], 42, true, true, 0.87],
  [40, "front_door", "person", null, ["porch", "walkway"], 65, true, true, 0.81],
  [90, "driveway", "car", null, ["driveway_entrance"], 120, true, true, 0.9],
  [150, "backyard", "dog", null, ["lawn"], 30, true, false, 0.76],
  [200, "driveway", "person", "bob", ["driveway_entrance"], 25, false, true, 0.83],
  [300, "backyard", "person", null, [], 18, true, true, 0.68],
  [26 * 60, "front_door", "person", "alice", ["walkway", "porch"], 50, true, true, 0.92],
  [30 * 60, "driveway", "car", null, ["street"], 15, false, false, 0.74],
];

const ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Frigate ids are "<start_time>-<6 random chars>"; ours are derived from a counter so runs repeat. */
export function eventId(startTime: number, n: number): string {
  let suffix = "";
  for (let i = 0, x = n * 7919 + 104729; i < 6; i++, x = Math.floor(x / ID_CHARS.length) + i * 31) {
    suffix += ID_CHARS[x % ID_CHARS.length];
  }
  return `${startTime.toFixed(6)}-${suffix}`;
}

export function makeEvent(input: NewEvent, n: number, now: number): EventRow {
  const start = input.start_time ?? now;
  const score = input.score ?? 0.8;
  return {
    id: input.id ?? eventId(start, n),
    camera: input.camera,
    label: input.label,
    sub_label: input.sub_label ?? null,
    sub_label_score: input.sub_label_score ?? (input.sub_label ? 0.79 : null),
    zones: input.zones ?? [],
    start_time: start,
    end_time: input.end_time === undefined ? start + 20 : input.end_time,
    has_clip: input.has_clip ?? true,
    has_snapshot: input.has_snapshot ?? true,
    score,
    top_score: input.top_score ?? Math.min(0.99, score + 0.05),
    false_positive: input.false_positive ?? false,
    box: input.box ?? [0.41, 0.3, 0.12, 0.45],
    region: input.region ?? [0.3, 0.2, 0.4, 0.7],
    retain_indefinitely: input.retain_indefinitely ?? false,
  };
}

export function seedEvents(now: number): EventRow[] {
  return SEEDS.map(([ago, camera, label, sub_label, zones, duration, has_snapshot, has_clip, score], n) => {
    const start_time = Math.round((now - ago * 60) * 1e6) / 1e6;
    const end_time = duration === null ? null : start_time + duration;
    return makeEvent({ camera, label, sub_label, zones, start_time, end_time, has_snapshot, has_clip, score }, n, now);
  });
}
