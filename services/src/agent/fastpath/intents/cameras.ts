// The cameras: who is at the door, a camera's live frame, what the cameras detected lately (people, cars,
// animals, on one camera or all, over the last hours), and visitors Frigate did not recognise.
import { list, plural } from "../answers.js";
import { ask, single } from "./shared.js";
import type { Env, Intent, Outcome, Slots } from "./types.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- answers read tool results by their documented shape */

const DOOR = /\b(door|doorbell|porch|entrance|entry|front)\b/;
const said = (slots: Slots) => [...slots.said, ...slots.also, ...slots.targets.map((g) => g.text)].join(" ");

function atTheDoor(slots: Slots): Outcome {
  if (!DOOR.test(`${said(slots)} ${slots.camera ?? ""}`.replace(/_/g, " "))) return { kind: "none", why: "that is not about the door" };
  return single("whos_at_door", { minutes: 10 }, (d: any) => {
    if (d.people.length === 0) return "Nobody has been at the door in the last 10 minutes.";
    const named = [...new Set(d.people.filter((p: any) => p.known).map((p: any) => p.who))] as string[];
    const unknown = d.people.some((p: any) => !p.known);
    const parts = [named.length > 0 ? `${list(named)} ${named.length === 1 ? "was" : "were"} at the door` : "", unknown ? "someone I don't recognise was there" : ""];
    const text = parts.filter(Boolean).join(", and ");
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  });
}

/** The camera meant: the one named, else one whose name has a word that was said ("the door camera"). */
async function whichCamera(slots: Slots, env: Env): Promise<{ camera: string } | Outcome> {
  if (slots.camera) return { camera: slots.camera };
  const cameras = await env.catalog.cameras();
  const words = said(slots).split(" ").filter((w) => w.length > 2 && w !== "camera");
  const fits = cameras.filter((c) => words.some((w) => c.toLowerCase().split(/[_-]/).includes(w) || c.toLowerCase() === w));
  const candidates = words.length > 0 ? fits : cameras;
  if (candidates.length === 1) return { camera: candidates[0]! };
  if (candidates.length === 0) return { kind: "none", why: "I don't know that camera" };
  return ask(
    candidates.map((c) => ({ label: c.replaceAll("_", " "), words: c.split(/[_-]/), value: c })),
    "camera",
    (chosen) => frame(chosen[0]?.value ?? candidates[0]!),
  );
}

const frame = (camera: string): Outcome => single("get_camera_snapshot", { camera }, () => `Here is the latest frame from ${camera.replaceAll("_", " ")}.`);

const LABELS: Record<string, string> = {
  person: "person", people: "person", someone: "person", somebody: "person", anyone: "person", anybody: "person", visitor: "person",
  car: "car", cars: "car", vehicle: "car", vehicles: "car", dog: "dog", dogs: "dog", cat: "cat", cats: "cat", package: "package",
  packages: "package", parcel: "package", parcels: "package", delivery: "package", bird: "bird", birds: "bird",
};

function hoursOf(slots: Slots, now: Date): number {
  const words = new Set([...slots.said, ...slots.also]);
  if (slots.number && (words.has("hours") || words.has("hour"))) return Math.min(720, Math.max(0.1, slots.number.value));
  if (slots.number && (words.has("days") || words.has("day"))) return Math.min(720, slots.number.value * 24);
  if (words.has("hour")) return 1;
  if (words.has("today")) return Math.max(1, Math.ceil(now.getHours() + now.getMinutes() / 60));
  if (words.has("night") || words.has("overnight")) return 12;
  if (words.has("yesterday")) return 48;
  if (words.has("week")) return 24 * 7;
  return 24;
}

function detections(slots: Slots, env: Env): Outcome {
  const label = [...slots.said, ...slots.also].map((w) => LABELS[w]).find(Boolean);
  const hours = hoursOf(slots, env.now);
  const args = { hours, ...(slots.camera ? { camera: slots.camera } : {}), ...(label ? { label } : {}) };
  const span = hours === 24 ? "the last day" : hours === 1 ? "the last hour" : `the last ${plural(Math.round(hours), "hour")}`;
  return single("query_nvr_detections", args, (d: any[]) => {
    const what = label ? `${label === "person" ? "people" : `${label}s`}` : "detections";
    if (d.length === 0) return `No ${what} ${slots.camera ? `on ${slots.camera.replaceAll("_", " ")} ` : ""}in ${span}.`;
    const items = d.slice(0, 3).map((e) => `${e.who ?? e.label} on ${String(e.camera).replaceAll("_", " ")} at ${String(e.started).slice(11, 16)}`);
    return `${plural(d.length, "detection")} in ${span}, newest first: ${list(items)}.`;
  });
}

const DETECT_MAY =
  "what|did|the|any|recent|recently|latest|today|show|list|were|there|was|has|have|anything|anyone|been|last|hour|hours|day|days|night|overnight|yesterday|week|person|people|someone|somebody|anybody|car|cars|vehicle|vehicles|dog|dogs|cat|cats|package|packages|parcel|parcels|delivery|bird|birds|on|by|get|give|camera|see|so|far";

export const CAMERA_INTENTS: readonly Intent[] = [
  {
    id: "at_the_door",
    act: false,
    patterns: [
      { need: ["who|anyone|anybody|someone|somebody|whos|anything"], may: "is|was|at|outside|standing|ringing|rang|knocking|by|just|recently|come|came|here|been|there|out|show|tell|see|check|camera|right", target: "optional", camera: "optional" },
      { need: ["doorbell"], may: "who|rang|ring|ringing|is|was|at|just|pressed|pushed|anyone|someone|there" },
    ],
    build: atTheDoor,
  },
  {
    id: "camera_frame",
    act: false,
    patterns: [
      {
        need: ["camera|feed|stream|picture|snapshot|image|frame|footage|view"],
        may: "show|see|let|look|at|what|is|on|does|open|display|pull up|give|get|latest|live|current|can|i|take|of|from|feed|check",
        camera: "optional",
        target: "optional",
      },
      { may: "show|see|let|look|at|what|is|on|does|display|pull up|give|get|latest|live|current|can|i|check", camera: "required" },
    ],
    build: async (slots, env) => {
      const picked = await whichCamera(slots, env);
      return "camera" in picked ? frame(picked.camera) : picked;
    },
  },
  {
    id: "detections",
    act: false,
    patterns: [
      { need: ["detection|saw|seen|spotted|detected|motion|activity|movement"], may: DETECT_MAY, camera: "optional", number: "optional" },
      { need: ["did", "see|spot|detect|catch|pick up|record|notice"], may: DETECT_MAY, camera: "optional", number: "optional" },
      {
        need: ["anyone|anybody|someone|somebody|person|people|car|cars|anything|dog|dogs|cat|cats|package|packages|vehicle|vehicles|parcel", "was|were|has|been|seen|saw|spotted|came|come|by|around"],
        may: DETECT_MAY,
        camera: "optional",
        number: "optional",
      },
      { need: ["person|people|car|cars|dog|dogs|cat|cats|package|packages|vehicle|vehicles|parcel|parcels|motion"], may: DETECT_MAY, camera: "required", number: "optional" },
    ],
    build: detections,
  },
  {
    id: "unknown_visitors",
    act: false,
    patterns: [
      { need: ["visitor"], may: "unknown|unrecognized|unrecognised|were|there|today|recent|recently|who|show|list|have|had|did|we|i|last|new|people|get|any|been|strange|the" },
      { need: ["unknown|unrecognized|unrecognised|strange", "person|people|face|faces|someone|anyone|visitor"], may: "any|were|there|today|recent|recently|seen|come|came|by|been|have|has|did|at|last" },
    ],
    build: () =>
      single("get_unknown_visitors", { hours: 24 }, (d: any[]) =>
        d.length === 0 ? "No unknown visitors in the last day." : `${plural(d.length, "unknown visitor")} in the last day, last at ${String(d[0].camera).replaceAll("_", " ")}.`,
      ),
  },
];
