// The fast path on a table of utterances against the simulated home lab: the tool and arguments each one
// becomes, the ones it must not guess, and answers end to end through the registry.
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientCatalog } from "../../src/agent/fastpath/catalog.js";
import { FastPath } from "../../src/agent/fastpath/fastpath.js";
import { normalise } from "../../src/agent/fastpath/template.js";
import { buildClients, closeClients, connectClients, type Clients } from "../../src/clients/build.js";
import { loadConfig } from "../../src/config/index.js";
import { IntegrationStatus } from "../../src/status.js";
import { Store } from "../../src/store/db.js";
import { buildRegistry } from "../../src/tools/build.js";
import { ApprovalWords } from "../../src/tools/approval-words.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { tempDir } from "../helpers/jarvis.js";

let lab: HomeLab;
let clients: Clients;
let store: Store;
let fast: FastPath;
const log = pino({ level: "silent" });

beforeAll(async () => {
  lab = await startHomeLab({ taskMs: 50 });
  const dir = tempDir();
  const { config } = loadConfig({ JARVIS_OPTIONS_PATH: path.join(dir, "none.json"), DATA_DIR: dir, ...lab.env });
  clients = buildClients(config, log, new IntegrationStatus(config));
  connectClients(clients, log);
  await clients.homeAssistant!.connect();
  store = Store.open(path.join(dir, "j.db"));
  store.conversations.ensure("c", "test");
  const registry = buildRegistry({ config, store, words: new ApprovalWords(config.auth.approvalKeyword, config.auth.overrideKey), clients, log, secretValues: [] });
  fast = new FastPath(registry, new ClientCatalog(clients, config.proxmox!.nodes.map((n) => n.name)));
});
afterAll(async () => {
  await closeClients(clients);
  await lab.close();
  store.close();
});

const TABLE: [string, string, Record<string, unknown>][] = [
  ["How is the cluster?", "get_cluster_status", {}],
  ["how's the cluster doing", "get_cluster_status", {}],
  ["Jarvis, cluster status", "get_cluster_status", {}],
  ["is the cluster healthy", "get_cluster_status", {}],
  ["how are the servers doing?", "get_cluster_status", {}],
  ["Is pve1 up?", "get_node_status", { node: "pve1" }],
  ["how is pve2", "get_node_status", { node: "pve2" }],
  ["status of node pve3", "get_node_status", { node: "pve3" }],
  ["list the VMs", "get_vms", {}],
  ["which virtual machines are running", "get_vms", {}],
  ["show me all containers", "get_containers", {}],
  ["what containers are running?", "get_containers", {}],
  ["storage status", "get_storage", {}],
  ["how full is the storage", "get_storage", {}],
  ["temperature of pve1", "get_node_temperature", { node: "pve1" }],
  ["how hot is pve2?", "get_node_temperature", { node: "pve2" }],
  ["any failed tasks?", "get_recent_tasks", { errors_only: true, limit: 10 }],
  ["show recent tasks", "get_recent_tasks", { limit: 5 }],
  ["start VM 105", "start_vm", { vmid: 105 }],
  ["please start the win11 vm", "start_vm", { vmid: 105 }],
  ["boot up k3s-node", "start_vm", { vmid: 107 }],
  ["start container media", "start_container", { vmid: 106 }],
  ["start 108", "start_container", { vmid: 108 }],
  ["stop vm 105", "stop_vm", { vmid: 105 }],
  ["shut down pihole", "stop_container", { vmid: 103 }],
  ["restart docker-host", "restart_vm", { vmid: 102 }],
  ["reboot container 104", "restart_container", { vmid: 104 }],
  ["Turn on the kitchen light", "control_device", { entity_id: "light.kitchen", action: "turn_on" }],
  ["turn off the living room light please", "control_device", { entity_id: "light.living_room", action: "turn_off" }],
  ["switch on the coffee maker", "control_device", { entity_id: "switch.coffee_maker", action: "turn_on" }],
  ["turn the kitchen lights off", "control_device", { entity_id: "light.kitchen", action: "turn_off" }],
  ["turn on kitchen", "control_device", { entity_id: "light.kitchen", action: "turn_on" }],
  ["dim the kitchen light to 30 percent", "control_device", { entity_id: "light.kitchen", action: "turn_on", brightness_pct: 30 }],
  ["lock the front door", "lock_door", { entity_id: "lock.front_door" }],
  ["unlock the front door", "unlock_door", { entity_id: "lock.front_door" }],
  ["are the doors locked?", "get_lock_status", {}],
  ["set the thermostat to 21.5", "set_thermostat", { entity_id: "climate.thermostat", temperature: 21.5 }],
  ["make it 22 degrees", "set_thermostat", { entity_id: "climate.thermostat", temperature: 22 }],
  ["what's the temperature inside", "get_thermostat_status", {}],
  ["Who is home?", "get_who_is_home", {}],
  ["is anyone home", "get_who_is_home", {}],
  ["who's at the door?", "whos_at_door", { minutes: 10 }],
  ["any unknown visitors", "get_unknown_visitors", { hours: 24 }],
];

const NOT_GUESSED = [
  "turn on the light", // two lights are exposed: which one?
  "turn on the bedroom light", // exists, but not exposed to Assist
  "turn on the garage heater", // no such device
  "start the database vm", // no such guest
  "start vm 9000", // a template, not a guest to start
  "is pve9 up", // no such node
  "set the thermostat to 80", // not a room temperature
  "what's the weather like tomorrow", // not a fast-path request
  "turn on the kitchen light and start vm 105", // two requests in one
  "why did the backup fail last night?", // needs reasoning
  "dim the coffee maker to 20 percent", // not a light
];

describe("fast path", () => {
  it("has a table of at least 40 utterances", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });

  it.each(TABLE)("%j -> %s %j", async (utterance, tool, args) => {
    const result = await fast.match(utterance);
    expect(result.matched, "reason" in result ? result.reason : "").not.toBeNull();
    expect(result.matched).toMatchObject({ tool, args });
  });

  it.each(NOT_GUESSED.map((u) => [u]))("does not guess on %j", async (utterance) => {
    const result = await fast.match(utterance);
    expect(result.matched).toBeNull();
  });

  it("says why it stepped aside on an ambiguous name", async () => {
    expect(await fast.match("turn on the light")).toEqual({ matched: null, reason: '"light" could mean more than one thing' });
  });

  it("answers from templates, through the registry and its tiers", async () => {
    const ctx = { actor: "sam", channel: "agent" as const, conversationId: "c", personMessage: "x", messageAt: new Date() };
    const status = await fast.handle("how is the cluster", ctx);
    expect(status?.speech).toMatch(/^All 3 nodes are online\. \d+ guests running, \d+ stopped\.$/);
    const light = await fast.handle("turn on the living room light", ctx);
    expect(light?.speech).toBe("Living Room Light is on.");
    expect(lab.homeAssistant.state("light.living_room")?.state).toBe("on");
    const unlock = await fast.handle("unlock the front door", ctx);
    expect(unlock?.outcome.status).toBe("approval_required");
    expect(unlock?.speech).toBe("Unlock lock.front_door: that needs your approval. Say the approval keyword to go ahead.");
    expect(lab.homeAssistant.state("lock.front_door")?.state).toBe("locked");
    const events = store.events.list({ types: ["action"] });
    expect(events.some((e) => e.data?.channel === "fastpath" && e.data?.tool === "control_device")).toBe(true);
  });

  it("normalises what people say", () => {
    expect(normalise("Hey Jarvis, could you turn ON the Kitchen-Light, please?")).toBe("turn on the kitchen-light");
    expect(normalise("Set it to 21.5.")).toBe("set it to 21.5");
  });
});
