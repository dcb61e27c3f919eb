// Questions about the home: is something on, open or locked; what the temperature or humidity is in a room
// or outside; what the thermostat is set to; who is home; what is on a to-do list; the weather. Each reads
// through the tool made for it (locks, thermostats, people, to-do lists) or get_home_state, and answers from
// what the tool returned.
import type { ToolOutcome } from "../../../tools/outcome.js";
import { list, spoken } from "../answers.js";
import type { CatalogEntity } from "../catalog.js";
import { onTargets, single } from "./shared.js";
import type { Call, Env, Intent, Outcome, Slots } from "./types.js";

type Row = { entity_id: string; name: string; state: string; area?: string; attributes?: Record<string, unknown> };

const STATE_WORDS: Record<string, string> = { not_home: "away", unavailable: "unavailable", unknown: "unknown" };

/** A state as said: "on", "away", "21.3 °C", "heating to 21°". */
export function stateText(row: Row): string {
  const a = row.attributes ?? {};
  if (row.entity_id.startsWith("climate.")) {
    const target = a.temperature === undefined ? "" : `, set to ${a.temperature}°`;
    return `${row.state === "off" ? "off" : `on ${row.state}`}${a.current_temperature === undefined ? "" : ` at ${a.current_temperature}°`}${target}`;
  }
  if (/^-?\d+(\.\d+)?$/.test(row.state) && typeof a.unit_of_measurement === "string") return `${row.state} ${a.unit_of_measurement}`;
  return STATE_WORDS[row.state] ?? row.state.replaceAll("_", " ");
}

const rowsOf = (data: unknown): Row[] => (Array.isArray(data) ? (data as Row[]) : []);

/** The state words a question asks about ("is it on", "are they locked"). */
const ASKED: Record<string, string[]> = {
  on: ["on", "playing", "heat", "cool", "heat_cool", "auto", "dry", "fan_only", "cleaning", "open"],
  off: ["off", "idle", "standby", "closed", "docked"],
  open: ["open", "opening", "unlocked"],
  opened: ["open", "opening", "unlocked"],
  closed: ["closed", "closing", "locked"],
  shut: ["closed", "locked"],
  locked: ["locked"],
  unlocked: ["unlocked", "open"],
  playing: ["playing"],
  paused: ["paused"],
  home: ["home"],
  away: ["not_home"],
  cleaning: ["cleaning"],
  docked: ["docked"],
};

/** The tool that answers about entities of one domain. */
function readCall(domain: string, entities: CatalogEntity[]): Call {
  if (domain === "lock") return { tool: "get_lock_status", args: {} };
  if (domain === "person") return { tool: "get_who_is_home", args: {} };
  if (domain === "climate") return { tool: "get_thermostat_status", args: entities.length === 1 ? { entity_id: entities[0]!.id } : {} };
  const areas = new Set(entities.map((e) => e.area));
  const area = areas.size === 1 ? [...areas][0] : undefined;
  return { tool: "get_home_state", args: { domain, ...(area ? { area } : {}) } };
}

function rowsFor(domain: string, data: unknown): Row[] {
  if (domain === "person") return rowsOf(data).map((p) => ({ ...p, entity_id: "", state: (p as unknown as { home: boolean }).home ? "home" : "not_home" }));
  return rowsOf(data);
}

/** Reads the entities' states (one call per domain) and answers for them, or for the asked state. */
function stateOf(entities: CatalogEntity[], asked: string | undefined): Outcome {
  const byDomain = new Map<string, CatalogEntity[]>();
  for (const e of entities) byDomain.set(e.domain, [...(byDomain.get(e.domain) ?? []), e]);
  const domains = [...byDomain.keys()];
  const calls = domains.map((d) => readCall(d, byDomain.get(d)!));
  const say = (results: ToolOutcome[]) =>
    results
      .map((o, i) =>
        spoken(o, (data) => {
          const wanted = byDomain.get(domains[i]!)!;
          const rows = rowsFor(domains[i]!, data).filter((r) => wanted.some((e) => e.id === r.entity_id || (domains[i] === "person" && e.name === r.name)));
          if (rows.length === 0) return `I couldn't read ${list(wanted.map((e) => e.name))}.`;
          if (asked && ASKED[asked]) {
            const yes = rows.filter((r) => ASKED[asked]!.includes(r.state));
            if (rows.length === 1) return `${yes.length === 1 ? "Yes" : "No"}, ${rows[0]!.name} is ${stateText(rows[0]!)}.`;
            if (yes.length === 0) return `No, none of them is ${asked}: ${list(rows.map((r) => `${r.name} is ${stateText(r)}`))}.`;
            return `${list(yes.map((r) => r.name))} ${yes.length === 1 ? "is" : "are"} ${asked}${yes.length < rows.length ? `; ${list(rows.filter((r) => !yes.includes(r)).map((r) => r.name))} ${rows.length - yes.length === 1 ? "is" : "are"} not` : ""}.`;
          }
          return `${list(rows.map((r) => `${r.name} is ${stateText(r)}`))}.`;
        }),
      )
      .join(" ");
  return { kind: "calls", calls, say, focus: { entities } };
}

function askedState(slots: Slots): string | undefined {
  return [...slots.said, ...slots.also].find((w) => w in ASKED);
}

const everything = { domains: ["light", "switch", "fan", "cover", "lock", "valve", "vacuum", "media_player", "climate", "input_boolean", "sensor", "binary_sensor", "person", "scene", "script", "humidifier", "siren", "weather"], many: true };

function stateQuestion(slots: Slots, env: Env): Promise<Outcome> {
  const asked = askedState(slots);
  const domains = asked === "locked" || asked === "unlocked" ? ["lock"] : everything.domains;
  return onTargets(slots, env, { domains, many: true }, "device", (entities) => stateOf(entities, asked));
}

const MEASURES: Record<string, { deviceClass: string; word: string }> = {
  humidity: { deviceClass: "humidity", word: "humidity" },
  humid: { deviceClass: "humidity", word: "humidity" },
};

/** "What's the temperature in the living room / outside / inside?" */
async function measure(said: Slots, env: Env): Promise<Outcome> {
  // "How warm is it in the lounge": that "it" is the weather, not the thing last talked about.
  const targets = said.targets.map((g) => ({ ...g, back: false })).filter((g) => g.named.size > 0 || g.areas.length > 0 || g.nouns.length > 0);
  const slots = { ...said, targets };
  const kind = [...slots.said, ...slots.also].map((w) => MEASURES[w]).find(Boolean) ?? { deviceClass: "temperature", word: "temperature" };
  const entities = await env.catalog.entities();
  const sensors = entities.filter((e) => e.domain === "sensor" && e.deviceClass === kind.deviceClass);
  const outside = ["outside", "outdoors", "outdoor", "out"].some((w) => slots.also.has(w));
  const answer = (picked: CatalogEntity[], call: Call): Outcome => ({
    kind: "calls",
    calls: [call],
    say: ([o]) =>
      spoken(o!, (data) => {
        const rows = rowsOf(data).filter((r) => picked.some((e) => e.id === r.entity_id));
        if (rows.length === 0) return `I couldn't read the ${kind.word}.`;
        if (rows[0]!.entity_id.startsWith("weather.")) return `${rows[0]!.name}: ${rows[0]!.state}, ${rows[0]!.attributes?.temperature ?? "?"}°.`;
        return `${list(rows.map((r) => `${r.name} is ${stateText(r)}`))}.`;
      }),
  });
  if (outside) {
    const out = sensors.filter((e) => !e.area && /out(door|side)|exterior|garden/i.test(e.name));
    if (out.length > 0) return answer(out, { tool: "get_home_state", args: { domain: "sensor" } });
    const weather = entities.filter((e) => e.domain === "weather");
    if (weather.length === 1 && kind.deviceClass === "temperature") return answer(weather, { tool: "get_home_state", args: { domain: "weather" } });
    return { kind: "none", why: `no ${kind.word} sensor outside is exposed` };
  }
  if (slots.targets.length === 0) {
    if (kind.deviceClass === "temperature") return thermostatStatus(slots, env);
    return sensors.length === 0 ? { kind: "none", why: `no ${kind.word} sensor is exposed` } : answer(sensors, { tool: "get_home_state", args: { domain: "sensor" } });
  }
  return onTargets(slots, env, { domains: ["sensor", "climate"], many: true }, `${kind.word} sensor`, (found) => {
    const measured = found.filter((e) => e.domain === "sensor" && e.deviceClass === kind.deviceClass);
    if (measured.length > 0) {
      const area = new Set(measured.map((e) => e.area)).size === 1 ? measured[0]!.area : undefined;
      return answer(measured, { tool: "get_home_state", args: { domain: "sensor", ...(area ? { area } : {}) } });
    }
    const climates = found.filter((e) => e.domain === "climate");
    if (climates.length > 0 && kind.deviceClass === "temperature") return stateOf(climates, undefined);
    return { kind: "none", why: `there is no ${kind.word} sensor there` };
  });
}

function thermostatStatus(slots: Slots, env: Env): Promise<Outcome> {
  return onTargets(slots, env, { domains: ["climate"], many: true }, "thermostat", (entities) => ({
    kind: "calls",
    calls: [{ tool: "get_thermostat_status", args: slots.targets.length > 0 && entities.length === 1 ? { entity_id: entities[0]!.id } : {} }],
    say: ([o]) => spoken(o!, (data) => `${list(rowsOf(data).filter((r) => entities.some((e) => e.id === r.entity_id)).map((r) => `${r.name} reads ${r.attributes?.current_temperature ?? "?"}°, set to ${r.attributes?.temperature ?? "?"}° (${r.state})`))}.`),
    focus: { entities },
  }), { implicit: (c) => [...c] });
}

async function stateOfLocks(_slots: Slots, env: Env): Promise<Outcome> {
  const locks = (await env.catalog.entities()).filter((e) => e.domain === "lock");
  return locks.length === 0 ? { kind: "none", why: "no lock is exposed" } : stateOf(locks, "locked");
}

function whoIsHome(): Outcome {
  return single("get_who_is_home", {}, (people: { name: string; home: boolean }[]) => {
    const home = people.filter((p) => p.home).map((p) => p.name);
    return home.length === 0 ? "Nobody is home." : `${list(home)} ${home.length === 1 ? "is" : "are"} home.`;
  });
}

function todoItems(slots: Slots, env: Env): Promise<Outcome> {
  // "The shopping list" is whatever list the household shops from ("Groceries").
  const shopping = slots.also.has("shopping") || slots.also.has("grocery");
  const prefer = (c: readonly CatalogEntity[]) => (shopping ? c.filter((l) => /shop|grocer/i.test(l.name)) : [...c]);
  return onTargets(slots, env, { domains: ["todo"] }, "list", (lists) => ({
    kind: "calls",
    calls: lists.map((l) => ({ tool: "get_todo_items", args: { entity_id: l.id } })),
    say: (results) =>
      results
        .map((o) =>
          spoken(o, (data) => {
            const d = data as { list: string; items: string[] };
            return d.items.length === 0 ? `${d.list} is empty.` : `${d.list}: ${list(d.items)}.`;
          }),
        )
        .join(" "),
    focus: { entities: lists },
  }), { prefer });
}

function weather(_slots: Slots, env: Env): Promise<Outcome> {
  return env.catalog.entities().then((all) => {
    const found = all.filter((e) => e.domain === "weather");
    if (found.length === 0) return { kind: "none", why: "no weather entity is exposed" };
    return {
      kind: "calls",
      calls: [{ tool: "get_home_state", args: { domain: "weather" } }],
      say: ([o]) =>
        spoken(o!, (data) =>
          rowsOf(data)
            .map((r) => `${r.name}: ${r.state.replaceAll("_", " ")}, ${r.attributes?.temperature ?? "?"}°${r.attributes?.humidity === undefined ? "" : `, humidity ${r.attributes.humidity}%`}.`)
            .join(" "),
        ),
    } satisfies Outcome;
  });
}

const ASK_STATE = "on|off|open|opened|closed|close|shut|locked|unlocked|running|playing|paused|home|away|still|left|there|up|down|lit|working|active|cleaning|docked|charging|status|doing|at|in|set|speed|brightness|volume|level|position|percentage|bright|loud";

export const READ_INTENTS: readonly Intent[] = [
  {
    id: "state",
    act: false,
    patterns: [
      { need: ["is|are|was|were"], may: `${ASK_STATE}|what|which|where`, target: "required" },
      { need: ["what|which|whats|how|where"], may: `is|are|many|${ASK_STATE}`, target: "required" },
      { need: ["status|check"], may: "what|is|are|give|show|get|current|currently|of", target: "required" },
    ],
    build: stateQuestion,
  },
  {
    id: "measure",
    act: false,
    patterns: [
      {
        need: ["temperature|humidity|hot|warm|cold|cool|chilly|humid|freezing"],
        may: "what|is|it|how|inside|outside|outdoors|outdoor|out|current|currently|there|reading|degrees|right|level|much|does|feel",
        target: "optional",
      },
    ],
    build: measure,
  },
  {
    id: "thermostat",
    act: false,
    patterns: [{ need: ["what|whats|how|which|is", "set|setting|target|at"], may: "is|temperature|currently|current|high|warm|to", target: "optional" }],
    build: thermostatStatus,
  },
  {
    id: "locks",
    act: false,
    patterns: [{ need: ["lock|locks"], may: "status|what|show|check|are|is" }],
    build: stateOfLocks,
  },
  {
    id: "who_is_home",
    act: false,
    patterns: [
      { need: ["who"], may: "is|are|home|in|here|there|around|currently|back|not|else|still|out|away" },
      { need: ["anyone|anybody|someone|somebody|everyone|everybody|people|nobody|no"], may: "is|are|there|currently|still|at|home|here|around|back" },
    ],
    build: () => whoIsHome(),
  },
  {
    id: "todo_items",
    act: false,
    patterns: [
      {
        need: ["what|read|show|list|check|items|anything|see|open|whats|tell|get"],
        may: "is|are|on|in|do|i|have|we|need|there|item|things|stuff|all|give|left|currently|still|buy|contents|out|shopping",
        target: "required",
      },
    ],
    build: todoItems,
  },
  {
    id: "weather",
    act: false,
    patterns: [{ need: ["weather|forecast|raining|rain|snowing|snow|sunny|cloudy|windy|foggy|stormy"], may: "what|is|the|like|how|outside|today|current|currently|there|looking|it|going" }],
    build: weather,
  },
];
