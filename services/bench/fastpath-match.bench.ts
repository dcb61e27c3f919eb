// The fast path's matcher on a large home: 500 entities in 30 areas (with aliases and devices) and 100 guests
// on 5 nodes. Each round matches the next request of a mixed list (home control, questions, the lab, requests
// it must not act on), so the median is the p50 per request. Baseline: normalising the same request alone.
// Target: p50 <= 1 ms.
import type { Catalog, CatalogArea, CatalogEntity, CatalogGuest, CatalogStorage } from "../src/agent/fastpath/catalog.js";
import { FastPath } from "../src/agent/fastpath/fastpath.js";
import { normalise } from "../src/agent/fastpath/text/normalise.js";
import type { ToolRegistry } from "../src/tools/registry.js";
import type { Suite } from "./harness.js";

const ROOMS = ["Kitchen", "Living Room", "Dining Room", "Hallway", "Garage", "Office", "Master Bedroom", "Guest Room", "Nursery", "Bathroom",
  "Laundry", "Attic", "Basement", "Porch", "Garden", "Patio", "Study", "Playroom", "Gym", "Pantry", "Cellar", "Loft", "Den", "Library",
  "Workshop", "Shed", "Greenhouse", "Sunroom", "Mudroom", "Balcony"];
const KINDS: [domain: string, thing: string][] = [
  ["light", "Ceiling Light"], ["light", "Lamp"], ["light", "Spotlights"], ["switch", "Plug"], ["fan", "Fan"], ["cover", "Blinds"],
  ["media_player", "Speaker"], ["sensor", "Temperature"], ["lock", "Door Lock"], ["climate", "Thermostat"], ["light", "Strip"],
  ["switch", "Heater"], ["sensor", "Humidity"], ["cover", "Window"], ["light", "Sconce"], ["binary_sensor", "Motion"], ["switch", "Kettle"],
];

function home(): { entities: CatalogEntity[]; areas: CatalogArea[]; guests: CatalogGuest[]; nodes: string[]; storages: CatalogStorage[] } {
  const areas = ROOMS.map((name) => ({ name, aliases: [] }));
  const entities: CatalogEntity[] = [];
  for (let i = 0; entities.length < 500; i++) {
    const room = ROOMS[i % ROOMS.length]!;
    const [domain, thing] = KINDS[Math.floor(i / ROOMS.length) % KINDS.length]!;
    const n = Math.floor(i / (ROOMS.length * KINDS.length));
    const name = `${room} ${thing}${n > 0 ? ` ${n + 1}` : ""}`;
    const id = `${domain}.${name.toLowerCase().replace(/ /g, "_")}`;
    entities.push({ id, name, domain, area: room, aliases: i % 7 === 0 ? [`${thing} by the ${room.toLowerCase()} window`] : [], ...(i % 3 === 0 ? { device: `${room} Hub ${i}` } : {}) });
  }
  const nodes = ["pve1", "pve2", "pve3", "pve4", "pve5"];
  const guests = Array.from({ length: 100 }, (_, i): CatalogGuest => ({ vmid: 100 + i, name: `svc-${["web", "db", "cache", "mail", "dns"][i % 5]}-${i}`, kind: i % 2 ? "lxc" : "qemu", node: nodes[i % 5] }));
  const storages = nodes.flatMap((node) => [
    { storage: "local", node, content: "iso,backup", shared: false },
    { storage: "local-lvm", node, content: "images,rootdir", shared: false },
    { storage: "nas", node, content: "backup", shared: true },
  ]);
  return { entities, areas, guests, nodes, storages };
}

const REQUESTS = [
  "turn on the kitchen ceiling light",
  "living room lamp off",
  "set the office lamp to 40 percent",
  "turn off the lights in the garage",
  "open the study blinds",
  "is the porch door lock locked",
  "what's the temperature in the attic",
  "set the den thermostat to 21 degrees",
  "pause the nursery speaker",
  "turn on the ceiling light",
  "how is the cluster",
  "is pve3 up",
  "start vm 142",
  "restart svc-dns-19",
  "list my containers",
  "are any disks getting full",
  "any failed tasks",
  "who is home",
  "don't turn off the kitchen light",
  "turn off the gym fan tomorrow",
  "why did vm 105 stop",
  "turn on the kitchen light and start vm 120",
  "what can you do",
  "add eggs to the shopping list",
];

const data = home();
const catalog: Catalog = {
  entities: async () => data.entities,
  areas: async () => data.areas,
  guests: async () => data.guests,
  nodes: async () => data.nodes,
  storages: async () => data.storages,
  cameras: async () => ["front_door", "driveway"],
  state: () => ({ state: "on", attributes: {} }),
};
// Matching needs only to know that a tool exists; nothing runs.
const registry = { get: (name: string) => ({ name }) } as unknown as ToolRegistry;
const fast = new FastPath(registry, catalog);

const cycling = (run: (request: string) => unknown) => {
  let i = 0;
  return () => run(REQUESTS[i++ % REQUESTS.length]!);
};

export const fastPathMatchSuite: Suite = {
  name: "fastpath-match",
  rounds: REQUESTS.length * 40,
  warmup: REQUESTS.length * 2,
  setup: async () => {
    await fast.vocabulary(); // built once per change of the home, not per request
  },
  baseline: { name: "normalise only", run: cycling(normalise) },
  cases: [{ name: "match per request (500 entities)", run: cycling((r) => fast.match(r)) }],
  notes: (timings) => {
    const t = timings.find((x) => x.name.startsWith("match"))!;
    const p50 = t.medianMs;
    return [
      `${data.entities.length} entities in ${data.areas.length} areas, ${data.guests.length} guests on ${data.nodes.length} nodes; ${REQUESTS.length} requests in turn`,
      `match p50 ${(p50 * 1000).toFixed(0)} us, p99 ${(t.p99Ms * 1000).toFixed(0)} us per request (target p50 <= 1 ms: ${p50 <= 1 ? "met" : "missed"})`,
    ];
  },
};
