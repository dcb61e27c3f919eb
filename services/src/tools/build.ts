// Assembles the registry from the tool modules whose integrations are on. A tool whose client is off is not
// offered at all: the model never sees a tool that can only fail.
import type { Clients } from "../clients/build.js";
import type { Config } from "../config/index.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/db.js";
import type { ApprovalWords } from "./approval-words.js";
import { filesTools } from "./files.js";
import { memoryTools } from "./memory.js";
import { projectsTools } from "./projects.js";
import { cameraTools } from "./cameras.js";
import { clusterTools } from "./cluster.js";
import { clusterCareTools } from "./cluster-care.js";
import { lifecycleTools } from "./lifecycle.js";
import { smarthomeTools } from "./smarthome.js";
import type { TtsChain } from "../speech/tts/index.js";
import { setVoiceTool, voiceTools } from "./voice.js";
import { webTools } from "./web.js";
import { Sandbox } from "./sandbox.js";
import { wakeOnLanTools } from "./wake-on-lan.js";
import { systemTools } from "./system.js";
import { nodeTransferTools, transferTools } from "./transfer.js";
import { Redactor } from "./redact.js";
import { ToolRegistry } from "./registry.js";
import type { ToolDef } from "./tool.js";

export function buildRegistry(deps: {
  config: Config;
  store: Store;
  clients: Clients;
  words: ApprovalWords;
  /** Jarvis's own voice, for set_voice; absent in tests that need no speech. */
  tts?: TtsChain;
  log: Logger;
  secretValues: readonly string[];
}): ToolRegistry {
  const { config, store, clients, words, log } = deps;
  const tools: ToolDef[] = [...memoryTools(store.memories), ...(deps.tts ? [setVoiceTool(deps.tts, store.preferences)] : [])];
  if (clients.proxmox && config.proxmox) {
    const names = config.proxmox.nodes.map((n) => n.name);
    tools.push(...clusterTools(clients.proxmox, names), ...lifecycleTools(clients.proxmox), ...clusterCareTools(clients.proxmox, names));
    tools.push(...wakeOnLanTools(config.proxmox.nodes, config.runbooks.wol));
  }
  const files = config.fileRoots.length > 0 ? new Sandbox(config.fileRoots) : null;
  if (files) tools.push(...filesTools(files), ...transferTools(files));
  if (clients.ssh && config.ssh) {
    tools.push(...systemTools(clients.ssh, config.ssh.nodes, config.presence?.devices ?? []));
    if (files) tools.push(...nodeTransferTools(clients.ssh, config.ssh.nodes.map((n) => n.name), files, config.nodeTransferRoots));
  }
  if (config.projectRoots.length > 0) tools.push(...projectsTools(new Sandbox(config.projectRoots)));
  if (clients.homeAssistant) tools.push(...smarthomeTools(clients.homeAssistant), ...voiceTools(clients.homeAssistant, config.homeAssistant?.ttsEntity, words));
  if (clients.frigate) tools.push(...cameraTools(clients.frigate, config.frigate?.entryCameras ?? []));
  if (clients.searxng) tools.push(...webTools(clients.searxng));
  const registry = new ToolRegistry(tools, {
    approvals: store.approvals,
    events: store.events,
    words,
    redactor: new Redactor(deps.secretValues, (t) => words.redact(t)),
    facts: { protectedGuests: new Set(config.protectedGuests), protectedServices: new Set(config.protectedServices) },
    policy: config.toolPolicy,
    log,
  });
  for (const name of Object.keys(config.toolPolicy)) {
    if (!registry.get(name)) log.warn({ tool: name }, `TOOL_POLICY names "${name}", which is not an available tool`);
  }
  return registry;
}
