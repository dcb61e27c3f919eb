// The fast path's intents, as data: utterance templates, how their slots resolve, the tool call they make
// and the sentence that answers from the tool's result. No model is involved.
/* eslint-disable @typescript-eslint/no-explicit-any -- answers read tool results by their documented shape */

export type SlotSpec =
  | { kind: "entity"; domains: readonly string[] }
  | { kind: "guest" }
  | { kind: "node" }
  | { kind: "temperature" }
  | { kind: "percent" };

export interface Intent {
  id: string;
  templates: readonly string[];
  /** How each {slot} of the templates resolves; a slot without a spec is refused. */
  slots?: Readonly<Record<string, SlotSpec>>;
  /** Things the utterance leaves out but that are unambiguous: "the thermostat" when there is exactly one. */
  implicit?: Readonly<Record<string, { kind: "entity"; domains: readonly string[] }>>;
  tool: string | ((slots: Record<string, any>) => string);
  args: (slots: Record<string, any>) => Record<string, unknown>;
  answer: (data: any, slots: Record<string, any>) => string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const list = (items: string[]) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);
const guestName = (g: { name?: string; vmid: number }) => (g.name ? `${g.name} (${g.vmid})` : `${g.vmid}`);
const CONTROLLABLE = ["light", "switch", "fan", "media_player", "input_boolean"] as const;

export const INTENTS: readonly Intent[] = [
  {
    id: "cluster_status",
    templates: [
      "how is the cluster [doing]",
      "(how's|hows) the cluster [doing]",
      "[what is the] cluster status",
      "status of the cluster",
      "is the cluster (ok|okay|healthy|up)",
      "how are the (servers|nodes) [doing]",
    ],
    tool: "get_cluster_status",
    args: () => ({}),
    answer: (d) => {
      const down = d.nodes.filter((n: any) => !n.online).map((n: any) => n.name);
      const nodes = down.length === 0 ? `All ${plural(d.nodes.length, "node")} are online` : `${list(down)} ${down.length === 1 ? "is" : "are"} offline`;
      return `${nodes}${d.quorate === false ? " and the cluster has lost quorum" : ""}. ${plural(d.guests.running, "guest")} running, ${d.guests.stopped} stopped.`;
    },
  },
  {
    id: "node_status",
    templates: ["is {node} (up|online|ok|running)", "how is {node} [doing]", "(status of|check) [node] {node}", "{node} status"],
    slots: { node: { kind: "node" } },
    tool: "get_node_status",
    args: (s) => ({ node: s.node }),
    answer: (d) => `${d.node} is up: CPU ${d.cpu_pct}%, memory ${d.mem_pct}% of ${d.mem_total_gib} GiB, up ${d.uptime}.`,
  },
  {
    id: "list_vms",
    templates: ["(list|show) [me] [the|all] (vms|virtual machines)", "what (vms|virtual machines) are running", "which (vms|virtual machines) are running"],
    tool: "get_vms",
    args: () => ({}),
    answer: (d) => {
      const running = d.filter((g: any) => g.status === "running");
      return `${plural(running.length, "VM")} running: ${list(running.map(guestName)) || "none"}.`;
    },
  },
  {
    id: "list_containers",
    templates: ["(list|show) [me] [the|all] containers", "(what|which) containers are running"],
    tool: "get_containers",
    args: () => ({}),
    answer: (d) => {
      const running = d.filter((g: any) => g.status === "running");
      return `${plural(running.length, "container")} running: ${list(running.map(guestName)) || "none"}.`;
    },
  },
  {
    id: "storage",
    templates: ["(storage|disk) (status|space|usage)", "how full is [the] storage", "how much (storage|disk space) is (left|free|used)"],
    tool: "get_storage",
    args: () => ({}),
    answer: (d) => `Storage: ${list(d.slice(0, 4).map((s: any) => `${s.storage} on ${s.node} ${s.used_pct}% full`))}.`,
  },
  {
    id: "node_temperature",
    templates: ["(temperature|temp) of {node}", "how hot is {node}", "{node} (temperature|temp)"],
    slots: { node: { kind: "node" } },
    tool: "get_node_temperature",
    args: (s) => ({ node: s.node }),
    answer: (d) => (d.celsius === null ? `${d.node} doesn't expose its temperature sensors.` : `${d.node} is at ${d.celsius} °C.`),
  },
  {
    id: "failed_tasks",
    templates: ["(any|were there any) failed tasks", "did anything fail", "(show|list) failed tasks"],
    tool: "get_recent_tasks",
    args: () => ({ errors_only: true, limit: 10 }),
    answer: (d) => (d.length === 0 ? "No failed tasks recently." : `${plural(d.length, "failed task")}: ${list(d.slice(0, 3).map((t: any) => `${t.type} on ${t.node} (${t.result})`))}.`),
  },
  {
    id: "recent_tasks",
    templates: ["(show|list) [the] recent tasks", "what tasks ran [recently]", "recent tasks"],
    tool: "get_recent_tasks",
    args: () => ({ limit: 5 }),
    answer: (d) => `Last ${plural(d.length, "task")}: ${list(d.map((t: any) => `${t.type} on ${t.node} ${t.result}`))}.`,
  },
  {
    id: "start_vm",
    templates: ["(start|boot|power on) [up] {guest}", "(start|boot) [up] the {guest} vm"],
    slots: { guest: { kind: "guest" } },
    tool: (s) => (s.guest.kind === "lxc" ? "start_container" : "start_vm"),
    args: (s) => ({ vmid: s.guest.vmid }),
    answer: (d, s) => `Started ${guestName(s.guest)} (${d.result}).`,
  },
  {
    id: "stop_guest",
    templates: ["(stop|shut down|shutdown|power off) {guest}"],
    slots: { guest: { kind: "guest" } },
    tool: (s) => (s.guest.kind === "lxc" ? "stop_container" : "stop_vm"),
    args: (s) => ({ vmid: s.guest.vmid }),
    answer: (d, s) => `Stopped ${guestName(s.guest)} (${d.result}).`,
  },
  {
    id: "restart_guest",
    templates: ["(restart|reboot) {guest}"],
    slots: { guest: { kind: "guest" } },
    tool: (s) => (s.guest.kind === "lxc" ? "restart_container" : "restart_vm"),
    args: (s) => ({ vmid: s.guest.vmid }),
    answer: (d, s) => `Restarted ${guestName(s.guest)} (${d.result}).`,
  },
  {
    id: "turn_on",
    templates: ["(turn|switch) on [the] {device}", "turn [the] {device} on", "switch [the] {device} on"],
    slots: { device: { kind: "entity", domains: CONTROLLABLE } },
    tool: "control_device",
    args: (s) => ({ entity_id: s.device.id, action: "turn_on" }),
    answer: (_d, s) => `${s.device.name} is on.`,
  },
  {
    id: "turn_off",
    templates: ["(turn|switch) off [the] {device}", "turn [the] {device} off", "switch [the] {device} off"],
    slots: { device: { kind: "entity", domains: CONTROLLABLE } },
    tool: "control_device",
    args: (s) => ({ entity_id: s.device.id, action: "turn_off" }),
    answer: (_d, s) => `${s.device.name} is off.`,
  },
  {
    id: "dim",
    templates: ["(dim|set) [the] {device} to {percent} [percent|%]"],
    slots: { device: { kind: "entity", domains: ["light"] }, percent: { kind: "percent" } },
    tool: "control_device",
    args: (s) => ({ entity_id: s.device.id, action: "turn_on", brightness_pct: s.percent }),
    answer: (_d, s) => `${s.device.name} is at ${s.percent}%.`,
  },
  {
    id: "lock",
    templates: ["lock [the] {lock}"],
    slots: { lock: { kind: "entity", domains: ["lock"] } },
    tool: "lock_door",
    args: (s) => ({ entity_id: s.lock.id }),
    answer: (_d, s) => `${s.lock.name} is locked.`,
  },
  {
    id: "unlock",
    templates: ["unlock [the] {lock}"],
    slots: { lock: { kind: "entity", domains: ["lock"] } },
    tool: "unlock_door",
    args: (s) => ({ entity_id: s.lock.id }),
    answer: (_d, s) => `${s.lock.name} is unlocked.`,
  },
  {
    id: "locks",
    templates: ["(is|are) [the] (doors|door|front door|back door) locked", "lock status", "are the locks locked"],
    tool: "get_lock_status",
    args: () => ({}),
    answer: (d) => {
      const open = d.filter((l: any) => l.state !== "locked");
      return open.length === 0 ? `All ${plural(d.length, "lock")} are locked.` : `${list(open.map((l: any) => l.name))} ${open.length === 1 ? "is" : "are"} ${open[0].state}.`;
    },
  },
  {
    id: "set_thermostat",
    templates: ["set [the] (thermostat|heating|temperature) to {temperature}", "(make it|heat [the house] to) {temperature} degrees"],
    slots: { temperature: { kind: "temperature" } },
    implicit: { thermostat: { kind: "entity", domains: ["climate"] } },
    tool: "set_thermostat",
    args: (s) => ({ entity_id: s.thermostat.id, temperature: s.temperature }),
    answer: (_d, s) => `Thermostat set to ${s.temperature} °.`,
  },
  {
    id: "thermostat",
    templates: ["what is the (temperature|thermostat) [set to|inside]", "(whats|what's) the (temperature|thermostat) [set to|inside]", "how warm is it [inside]"],
    tool: "get_thermostat_status",
    args: () => ({}),
    answer: (d) =>
      list(d.map((t: any) => `${t.name} reads ${t.attributes?.current_temperature ?? "?"}°, set to ${t.attributes?.temperature ?? "?"}° (${t.state})`)) + ".",
  },
  {
    id: "who_is_home",
    templates: ["who is (home|at home|in)", "(whos|who's) home", "is anyone home", "is anybody home"],
    tool: "get_who_is_home",
    args: () => ({}),
    answer: (d) => {
      const home = d.filter((p: any) => p.home).map((p: any) => p.name);
      return home.length === 0 ? "Nobody is home." : `${list(home)} ${home.length === 1 ? "is" : "are"} home.`;
    },
  },
  {
    id: "door",
    templates: ["who is at the (door|front door)", "(whos|who's) at the (door|front door)", "is someone at the (door|front door)", "is there someone at the door"],
    tool: "whos_at_door",
    args: () => ({ minutes: 10 }),
    answer: (d) => {
      if (d.people.length === 0) return "Nobody has been at the door in the last 10 minutes.";
      const named = [...new Set(d.people.filter((p: any) => p.known).map((p: any) => p.who))] as string[];
      const unknown = d.people.some((p: any) => !p.known);
      return [named.length > 0 ? `${list(named)} ${named.length === 1 ? "was" : "were"} at the door` : "", unknown ? "someone I don't recognise was there" : ""].filter(Boolean).join(", and ").replace(/^s/, "S") + ".";
    },
  },
  {
    id: "unknown_visitors",
    templates: ["(any|were there any) unknown (visitors|people)", "(did|has) anyone unknown come by"],
    tool: "get_unknown_visitors",
    args: () => ({ hours: 24 }),
    answer: (d) => (d.length === 0 ? "No unknown visitors in the last day." : `${plural(d.length, "unknown visitor")} in the last day, last at ${d[0].camera}.`),
  },
];
