// The words the fast path knows that are not names: what kind of thing a noun means in Home Assistant
// (a domain, and for covers and locks the device classes), words that carry nothing (articles, "please"),
// quantities ("all", "both"), and the home-lab words reduced to one form each ("virtual machines" -> "vm").

export interface Noun {
  /** HA domains the noun can mean, most likely first. */
  domains: readonly string[];
  /** Per domain, the device classes it narrows to ("garage door" is a cover of class garage). */
  classes?: Readonly<Record<string, readonly string[]>>;
}

const n = (domains: string[], classes?: Record<string, string[]>): Noun => ({ domains, ...(classes ? { classes } : {}) });
const DOOR_CLASSES = { cover: ["door", "garage", "gate"] };

/** HA nouns by their words (singular and plural forms both listed). */
export const HA_NOUNS: Readonly<Record<string, Noun>> = {
  ...Object.fromEntries(["light", "lights", "lamp", "lamps", "bulb", "bulbs", "lighting", "lamps", "light bulb", "light bulbs"].map((w) => [w, n(["light"])])),
  ...Object.fromEntries(["switch", "switches", "plug", "plugs", "outlet", "outlets", "socket", "sockets", "smart plug"].map((w) => [w, n(["switch", "input_boolean"])])),
  ...Object.fromEntries(["fan", "fans", "ceiling fan", "ventilator"].map((w) => [w, n(["fan"])])),
  ...Object.fromEntries(["blind", "blinds", "shade", "shades", "roller blind", "roller blinds"].map((w) => [w, n(["cover"], { cover: ["blind", "shade"] })])),
  ...Object.fromEntries(["curtain", "curtains", "drapes"].map((w) => [w, n(["cover"], { cover: ["curtain"] })])),
  ...Object.fromEntries(["shutter", "shutters"].map((w) => [w, n(["cover"], { cover: ["shutter"] })])),
  ...Object.fromEntries(["awning", "awnings"].map((w) => [w, n(["cover"], { cover: ["awning"] })])),
  ...Object.fromEntries(["cover", "covers", "window covering", "window coverings"].map((w) => [w, n(["cover"], { cover: ["blind", "shade", "curtain", "shutter", "awning", "window"] })])),
  ...Object.fromEntries(["window", "windows"].map((w) => [w, n(["cover"], { cover: ["window"] })])),
  ...Object.fromEntries(["garage door", "garage doors", "garage"].map((w) => [w, n(["cover"], { cover: ["garage"] })])),
  ...Object.fromEntries(["gate", "gates"].map((w) => [w, n(["cover"], { cover: ["gate"] })])),
  ...Object.fromEntries(["door", "doors"].map((w) => [w, n(["lock", "cover"], DOOR_CLASSES)])),
  ...Object.fromEntries(["lock", "locks", "deadbolt", "door lock", "door locks"].map((w) => [w, n(["lock"])])),
  ...Object.fromEntries(["valve", "valves", "water", "sprinkler", "sprinklers", "tap", "irrigation", "water valve"].map((w) => [w, n(["valve"])])),
  ...Object.fromEntries(
    ["vacuum", "vacuums", "robot", "robot vacuum", "vacuum cleaner", "hoover", "roomba", "robovac", "robot hoover"].map((w) => [w, n(["vacuum"])]),
  ),
  ...Object.fromEntries(
    [
      "tv", "tvs", "television", "telly", "speaker", "speakers", "media player", "media players", "music", "song", "track", "tune", "radio",
      "stereo", "sound system", "media", "playback", "video", "movie", "film", "show", "podcast", "player", "audio",
    ].map((w) => [w, n(["media_player"])]),
  ),
  ...Object.fromEntries(
    ["thermostat", "thermostats", "heating", "heat", "heater", "ac", "a c", "air conditioning", "air conditioner", "aircon", "air con", "climate", "hvac", "furnace", "boiler"].map(
      (w) => [w, n(["climate"])],
    ),
  ),
  ...Object.fromEntries(["scene", "scenes"].map((w) => [w, n(["scene"])])),
  ...Object.fromEntries(["script", "scripts", "routine", "routines"].map((w) => [w, n(["script"])])),
  ...Object.fromEntries(["list", "lists", "to do list", "todo list", "to do", "todo", "to dos", "todos"].map((w) => [w, n(["todo"])])),
  ...Object.fromEntries(["sensor", "sensors"].map((w) => [w, n(["sensor"])])),
};

/** Nouns that are verbs at the start of a request ("switch on ...", "list the vms", "lock the door"). */
export const VERB_FIRST = new Set(["switch", "list", "lock", "show", "heat", "cover", "vacuum", "play"]);

/** Words that carry nothing for matching. */
export const STOP = new Set([
  "the", "a", "an", "my", "our", "your", "their", "his", "her", "its", "this", "these", "those", "that", "some", "please", "kindly", "just",
  "currently", "again", "too", "really", "actually", "here", "me", "us", "to", "for", "of", "in", "at", "from", "by", "within", "with",
  "house", "apartment", "flat", "place", "okay", "ok", "maybe", "quickly", "quick",
  "jarvis", "hey", "now", "also", "so", "then", "you", "thanks", "thank", "one",
]);

/** Words that widen a target to everything it names ("all the lights", "both lamps"). */
export const ALL_WORDS = new Set(["all", "every", "each", "both", "whole", "entire"]);

/** Pronouns that point back at what the conversation just acted on. */
export const BACK_REFERENCES = new Set(["it", "them"]);

/** Home-lab words in one form each. */
export const CANON: Readonly<Record<string, string>> = {
  vms: "vm", "virtual machine": "vm", "virtual machines": "vm", qemu: "vm", kvm: "vm", vm: "vm", vps: "vm",
  containers: "container", lxc: "container", lxcs: "container", ct: "container", cts: "container", container: "container",
  guests: "guest", guest: "guest", machines: "guest", machine: "guest", workloads: "guest", workload: "guest", instances: "guest", instance: "guest",
  nodes: "node", servers: "node", server: "node", hosts: "node", host: "node", hypervisor: "node", hypervisors: "node", boxes: "node",
  disks: "disk", drives: "disk", drive: "disk", pools: "disk", pool: "disk", disk: "disk", datastore: "disk", datastores: "disk", volumes: "disk",
  backups: "backup", backup: "backup", tasks: "task", jobs: "task", job: "task", task: "task",
  temperatures: "temperature", temps: "temperature", temp: "temperature", temperature: "temperature",
  detections: "detection", detection: "detection", events: "detection", event: "detection",
  cameras: "camera", cam: "camera", cams: "camera", camera: "camera", cctv: "camera",
  visitors: "visitor", visitor: "visitor", strangers: "visitor", stranger: "visitor",
  stats: "status", statistics: "status", health: "status", state: "status", status: "status", condition: "status",
  fine: "ok", alright: "ok", healthy: "ok", good: "ok",
  // "a bit", "a little", "slightly": a small step, which only the intents of steps take ("lower the blinds a bit").
  bit: "bit", little: "bit", slightly: "bit", somewhat: "bit", tad: "bit",
};

/** Multi-word phrases of CANON, matched before single words. */
export const CANON_PHRASES: readonly string[][] = Object.keys(CANON)
  .filter((k) => k.includes(" "))
  .map((k) => k.split(" "));

/** Words that name the same kind of thing, for telling "the ac" or "the telly" apart by name. */
const SAME: readonly (readonly string[])[] = [
  ["ac", "a c", "air con", "aircon", "air conditioning", "air conditioner"],
  ["tv", "television", "telly"],
  ["heating", "heat", "heater"],
  ["hoover", "vacuum", "robot"],
  ["tap", "valve", "hose"],
];

export function sameAs(word: string): readonly string[] {
  return SAME.find((group) => group.includes(word)) ?? [word];
}
