// Reading the home lab: the cluster at a glance, a node, temperatures, the VMs, containers and guests, one
// guest's status, storage, recent and failed tasks, and backups. Every read tool of the cluster category.
import { guestName, kindName, list, plural } from "../answers.js";
import type { CatalogGuest, CatalogStorage } from "../catalog.js";
import { ask, onGuest, single } from "./shared.js";
import type { Choice, Env, Intent, Outcome, Slots } from "./types.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- answers read tool results by their documented shape */


const STATUS = "holding|hanging|many|how|is|are|doing|status|ok|up|running|online|offline|down|overview|summary|report|give|show|check|get|what|look|looking|going|well|working|alive|quorum|quorate|lost|have|has|there|problem|problems|issue|issues|glance|at a glance|tell|quick|everything|all|fine|health|state";
const LIST = "and|status|details|info|state|list|show|what|which|do|i|have|are|is|running|run|stopped|get|give|many|how|there|on|started|up|off|down|exist|available|defined|configured|currently|powered|turned|active|inactive|idle|got|we|names|count|number|existing|present|cluster|homelab|proxmox|every|tell|whats|see";
const STORAGE = "which|does|situation|overview|summary|like|looking|how|much|is|are|left|free|used|usage|disk|storage|status|getting|full|filling|up|running|out|low|show|list|check|what|remaining|available|i|have|do|we|there|almost|nearly|close|enough|percent|use|on|fill|fullest|report|space|room|many|capacity|whats|get|give";
const TASKS = "week|month|log|logs|history|were|there|show|list|recent|recently|latest|last|did|have|has|what|which|today|lately|overnight|night|proxmox|cluster|go|went|run|ran|get|give|how|many|are|is|the|any|yesterday|happened|new";

function clusterAnswer(d: any, slots: Slots): string {
  const down = d.nodes.filter((n: any) => !n.online).map((n: any) => n.name);
  const nodes = down.length === 0 ? `All ${plural(d.nodes.length, "node")} are online` : `${list(down)} ${down.length === 1 ? "is" : "are"} offline`;
  const quorum = d.quorate === false ? " and the cluster has lost quorum" : "";
  const asked = slots.also.has("down") || slots.also.has("offline") || slots.any;
  const lead = asked && down.length === 0 ? "No node is down. " : "";
  return `${lead}${nodes}${quorum}. ${plural(d.guests.running, "guest")} running, ${d.guests.stopped} stopped.`;
}

function guestsAnswer(rows: any[], kind: "VM" | "container" | "guest", slots: Slots, node?: string): string {
  const guests = rows.filter((g) => !g.template && (!node || g.node === node));
  const running = guests.filter((g) => g.status === "running");
  const stopped = guests.filter((g) => g.status !== "running");
  const where = node ? ` on ${node}` : "";
  if (slots.also.has("stopped") || slots.also.has("off") || slots.also.has("down") || slots.also.has("inactive") || slots.also.has("idle")) {
    return stopped.length === 0 ? `No ${kind}s are stopped${where}.` : `${plural(stopped.length, kind)} stopped${where}: ${list(stopped.map(guestName))}.`;
  }
  const many = slots.also.has("many") || slots.also.has("count") || slots.also.has("number");
  if (many) return `${plural(guests.length, kind)}${where}: ${running.length} running, ${stopped.length} stopped.`;
  const rest = stopped.length > 0 ? ` Stopped: ${list(stopped.map(guestName))}.` : "";
  return `${plural(running.length, kind)} running${where}: ${list(running.map(guestName)) || "none"}.${rest}`;
}

/** The storage that holds backups: the one named, else the one shared backup storage, else the only one. */
function backupStorage(storages: readonly CatalogStorage[], nodes: readonly string[], named?: string): { storage: string; node: string }[] {
  const holding = storages.filter((s) => s.content.split(",").includes("backup") && (!named || s.storage === named));
  const names = [...new Set(holding.map((s) => s.storage))];
  const chosen = named ? names : names.filter((n) => holding.some((s) => s.storage === n && s.shared));
  const pool = chosen.length > 0 ? chosen : names;
  return pool.map((storage) => {
    const where = holding.filter((s) => s.storage === storage).map((s) => s.node);
    return { storage, node: nodes.find((n) => where.includes(n)) ?? where[0]! };
  });
}

async function backups(slots: Slots, env: Env): Promise<Outcome> {
  const [storages, nodes] = await Promise.all([env.catalog.storages(), env.catalog.nodes()]);
  const places = backupStorage(storages, nodes, slots.storage);
  if (places.length === 0) return { kind: "none", why: "no storage holds backups" };
  const run = (place: { storage: string; node: string }, guest?: CatalogGuest): Outcome =>
    single("get_backups", { node: slots.node ?? place.node, storage: place.storage, ...(guest ? { vmid: guest.vmid } : {}) }, (d: any[]) => {
      if (d.length === 0) return `No backups${guest ? ` of ${guestName(guest)}` : ""} on ${place.storage}.`;
      const newest = d[0];
      const of = guest ? ` of ${guestName(guest)}` : "";
      return `${plural(d.length, "backup")}${of} on ${place.storage}; the newest${guest ? "" : ` is of ${newest.vmid} and`} was made ${newest.created?.slice(0, 16).replace("T", " ") ?? "at an unknown time"} UTC.`;
    });
  const withPlace = (guest?: CatalogGuest) =>
    places.length === 1
      ? run(places[0]!, guest)
      : ask(
          places.map((p): Choice => ({ label: p.storage, words: p.storage.split(/[-_]/), value: p.storage })),
          "storage",
          (chosen) => run(places.find((p) => p.storage === chosen[0]?.value) ?? places[0]!, guest),
        );
  return slots.guest ? onGuest(slots, env, (g) => withPlace(g)) : withPlace();
}

/** Alerts in the cluster monitor start at 85% by default; above 80% is "getting full". */
const FULL_PCT = 80;

function storageAnswer(d: any[], slots: Slots): string {
  const rows = d.filter((s) => !slots.storage || s.storage === slots.storage);
  if (rows.length === 0) return `I don't see ${slots.storage ?? "any storage"}${slots.node ? ` on ${slots.node}` : ""}.`;
  // A storage every node sees (or one alike on each) is one line, with its nodes.
  const lines = new Map<string, { storage: string; pct: number; nodes: string[] }>();
  for (const s of rows) {
    const key = `${s.storage}|${s.used_gib}|${s.total_gib}`;
    const line = lines.get(key) ?? { storage: String(s.storage), pct: Number(s.used_pct), nodes: [] as string[] };
    line.nodes.push(s.node);
    lines.set(key, line);
  }
  const said = [...lines.values()].slice(0, 4).map((l) => `${l.storage} ${l.pct}% full (${list(l.nodes)})`);
  const full = [...lines.values()].filter((l) => l.pct >= FULL_PCT);
  const lead = full.length === 0 ? `Nothing is above ${FULL_PCT}% full. ` : `${list(full.map((l) => l.storage))} ${full.length === 1 ? "is" : "are"} getting full. `;
  return `${lead}Fullest first: ${list(said)}.`;
}

const statusWords = (g: any) => `${guestName(g)} is ${g.status} on ${g.node}${g.status === "running" && g.uptime ? `, up ${g.uptime}` : ""}${g.cpu_pct !== undefined ? `, CPU ${g.cpu_pct}%` : ""}.`;

export const LAB_INTENTS: readonly Intent[] = [
  {
    id: "cluster_status",
    act: false,
    patterns: [
      { need: ["cluster|homelab|home lab|lab|proxmox|pve"], may: `${STATUS}|node|home` },
      { need: ["node"], may: STATUS },
    ],
    build: (slots) => single("get_cluster_status", {}, (d: any) => clusterAnswer(d, slots)),
  },
  {
    id: "node_status",
    act: false,
    patterns: [{ may: `${STATUS}|cpu|memory|ram|load|loaded|average|busy|usage|uptime|long|been|info|details|utilization|use|using|much|node|free|available|left|total`, node: "required" }],
    build: (slots) =>
      single("get_node_status", { node: slots.node }, (d: any) => `${d.node} is up: CPU ${d.cpu_pct}%, memory ${d.mem_pct}% of ${d.mem_total_gib} GiB, up ${d.uptime}.`),
  },
  {
    id: "node_temperature",
    act: false,
    patterns: [
      { need: ["temperature|hot|warm|cold|overheating|thermal|heat|degrees"], may: "how|is|are|what|running|cpu|check|show|get|current|reading|too|getting|of", node: "required" },
    ],
    build: (slots) =>
      single("get_node_temperature", { node: slots.node }, (d: any) => (d.celsius === null ? `${d.node} doesn't expose its temperature sensors.` : `${d.node} is at ${d.celsius} °C.`)),
  },
  {
    id: "node_temperatures",
    act: false,
    patterns: [{ need: ["temperature|hot|warm|overheating|thermal|hottest|warmest", "node|cluster|homelab|proxmox|lab"], may: "how|is|are|what|running|cpu|check|show|get|current|too|getting|all|of|which" }],
    build: async (_slots, env) => {
      const nodes = await env.catalog.nodes();
      if (nodes.length === 0) return { kind: "none", why: "no nodes are configured" };
      return {
        kind: "calls",
        calls: nodes.map((node) => ({ tool: "get_node_temperature", args: { node } })),
        say: (results) => {
          const read = (o: (typeof results)[number]) => (o.status === "ok" ? ((o.data as any).celsius as number | null) : undefined);
          const hot = nodes.flatMap((n, i) => (typeof read(results[i]!) === "number" ? [`${n} is at ${read(results[i]!)} °C`] : []));
          const blind = nodes.filter((_n, i) => read(results[i]!) === null);
          const failed = nodes.filter((_n, i) => read(results[i]!) === undefined);
          return [
            hot.length > 0 ? `${list(hot)}.` : "",
            blind.length > 0 ? `${list(blind)} ${blind.length === 1 ? "doesn't" : "don't"} expose temperatures.` : "",
            failed.length > 0 ? `${list(failed)} could not be read.` : "",
          ]
            .filter(Boolean)
            .join(" ");
        },
      };
    },
  },
  {
    id: "list_vms",
    act: false,
    patterns: [{ need: ["vm"], may: LIST, node: "optional" }],
    build: (slots) => single("get_vms", slots.node ? { node: slots.node } : {}, (d: any) => guestsAnswer(d, "VM", slots)),
  },
  {
    id: "list_containers",
    act: false,
    patterns: [{ need: ["container"], may: LIST, node: "optional" }],
    build: (slots) => single("get_containers", slots.node ? { node: slots.node } : {}, (d: any) => guestsAnswer(d, "container", slots)),
  },
  {
    id: "list_guests",
    act: false,
    patterns: [
      { need: ["guest"], may: LIST, node: "optional" },
      { need: ["what|which", "running"], may: "is|are|currently|on|right", node: "optional" },
    ],
    build: (slots) => single("get_cluster_resources", { type: "vm" }, (d: any) => guestsAnswer(d, "guest", slots, slots.node)),
  },
  {
    id: "guest_status",
    act: false,
    patterns: [{ may: "is|are|running|up|on|off|down|stopped|status|how|doing|check|what|started|online|alive|working|give|show|get|info|details|of|ok|where|which|node", guest: "required" }],
    build: (slots, env) =>
      onGuest(slots, env, (g) =>
        single(g.kind === "qemu" ? "get_vms" : "get_containers", {}, (d: any[]) => {
          const row = d.find((x) => x.vmid === g.vmid);
          return row ? statusWords(row) : `I can't find ${kindName(g)} ${g.vmid} any more.`;
        }, { guest: g }),
      ),
  },
  {
    id: "storage",
    act: false,
    patterns: [
      { need: ["disk|storage|space|capacity|disk space|free space"], may: STORAGE, node: "optional", storage: "optional" },
      { may: `${STORAGE}|disk|storage`, storage: "required" },
    ],
    build: (slots) =>
      single("get_storage", slots.node ? { node: slots.node } : {}, (d: any[]) => storageAnswer(d, slots)),
  },
  {
    id: "failed_tasks",
    act: false,
    patterns: [
      { need: ["task|backup", "failed|fail|failure|failures|error|errors|errored|broken|unsuccessful|problem|problems|wrong|bad"], may: TASKS, node: "optional" },
      { need: ["anything|something", "fail|failed|break|broke|broken|go wrong|went wrong|gone wrong|crash|crashed"], may: "did|has|have|recently|today|lately|last|night|overnight" },
      { need: ["error|errors|failure|failures"], may: "were|there|recent|recently|today|lately|last|night|overnight|show|list|new|proxmox|cluster|have|has|we|had", node: "optional" },
    ],
    build: (slots) =>
      single("get_recent_tasks", { errors_only: true, limit: 10, ...(slots.node ? { node: slots.node } : {}) }, (d: any[]) =>
        d.length === 0
          ? `No failed tasks recently${slots.node ? ` on ${slots.node}` : ""}.`
          : `${plural(d.length, "task")} did not end OK: ${list(d.slice(0, 3).map((t) => `${t.type}${t.id ? ` ${t.id}` : ""} on ${t.node} (${t.result}, ${t.started?.slice(0, 16).replace("T", " ")})`))}.`,
      ),
  },
  {
    id: "recent_tasks",
    act: false,
    patterns: [
      { need: ["task"], may: TASKS, node: "optional" },
      { need: ["what", "ran|run|has run|was run"], may: "recently|today|lately|last|night|overnight|has|was|on", node: "optional" },
    ],
    build: (slots) =>
      single("get_recent_tasks", { limit: 5, ...(slots.node ? { node: slots.node } : {}) }, (d: any[]) =>
        d.length === 0 ? "No recent tasks." : `Last ${plural(d.length, "task")}: ${list(d.map((t) => `${t.type}${t.id ? ` ${t.id}` : ""} on ${t.node} ${t.result}`))}.`,
      ),
  },
  {
    id: "backups",
    act: false,
    patterns: [
      {
        need: ["backup|backed up|backed"],
        may: "list|show|what|which|when|last|latest|recent|was|were|is|are|there|have|has|do|does|i|we|get|made|taken|newest|most|did|exist|exists|available|up|time|date|check|how|old|many|give|done|run|ran|happen|happened|finish|finished|complete|completed|history",
        guest: "optional",
        storage: "optional",
        node: "optional",
      },
    ],
    build: backups,
  },
];
