// Builds the whole server from a Config and starts it; stop() undoes it in reverse order. main.ts is only the
// process shell around this, so tests start the real thing in-process.
import type { LoadedConfig } from "./config/index.js";
import { resolveCredentials } from "./config/credentials.js";
import { Auth } from "./api/auth.js";
import { ApiServer } from "./api/server.js";
import { actionCommands } from "./api/ws/action-commands.js";
import { eventCommands } from "./api/ws/events-commands.js";
import { loadClients } from "./clients/load.js";
import { closeClients, connectClients } from "./clients/make.js";
import { buildEventServices } from "./events/build.js";
import { startAddonDiscovery } from "./addon/discovery.js";
import { AiTasks } from "./ha/ai-task.js";
import { haCommands } from "./ha/commands.js";
import { pendingActions } from "./ha/pending-actions.js";
import { runbookCommands } from "./api/ws/runbook-commands.js";
import { buildRunbooks } from "./runbooks/build.js";
import { CATALOG } from "./runbooks/catalog/index.js";
import { buildAgent } from "./agent/build.js";
import { CostLedger } from "./agent/costs.js";
import { clusterCommands } from "./api/ws/cluster-commands.js";
import { connectionCommands } from "./api/ws/connection-commands.js";
import { statusCommands } from "./api/ws/status-commands.js";
import { terminalCommands } from "./api/ws/terminal-commands.js";
import { toolCommands } from "./api/ws/tool-commands.js";
import { voiceCommands } from "./api/ws/voice-commands.js";
import { ClusterMonitor } from "./events/cluster-monitor.js";
import { sentenceSpeaker } from "./speech/spoken-reply.js";
import { ClientCatalog } from "./agent/fastpath/catalog.js";
import { buildSpeech } from "./speech/build.js";
import { buildTtsChain } from "./speech/tts/index.js";
import { VOICE_PREFERENCE } from "./tools/voice.js";
import { conversationCommands } from "./api/ws/conversation-commands.js";
import { ApprovalWords } from "./tools/approval-words.js";
import { buildRegistry } from "./tools/build.js";
import { loadShellParser } from "./tools/shell/parser.js";
import { createLogger, type Logger } from "./log.js";
import { IntegrationStatus } from "./status.js";
import { Store } from "./store/db.js";
import { VERSION } from "./version.js";
import type { AddressInfo } from "node:net";
import type { DestinationStream } from "pino";

/** How often expired memories are deleted and lapsed approvals marked expired. */
const HOUSEKEEPING_MS = 6 * 3_600_000;

export interface Jarvis {
  readonly port: number;
  readonly store: Store;
  readonly log: Logger;
  stop(): Promise<void>;
}

export interface StartOptions {
  demo?: boolean;
  /** Where log lines go (tests capture them); stdout by default. */
  logDestination?: DestinationStream;
  loginAttempts?: number;
  authTimeoutMs?: number;
}

export async function startJarvis(loaded: LoadedConfig, opts: StartOptions = {}): Promise<Jarvis> {
  const { config } = loaded;
  const credentials = resolveCredentials(config);
  const secretValues = [...loaded.secretValues, credentials.password, credentials.jwtSecret, credentials.integrationToken];
  const log = createLogger({ level: config.server.logLevel, secretValues, destination: opts.logDestination });
  for (const warning of loaded.warnings) log.warn(warning);
  for (const { setting, file } of credentials.generated) {
    // In the add-on nobody can open /data: HA admins read these on Jarvis's page instead.
    const where = config.inAddon ? " (HA admins see it on Jarvis's page: Status, Connection details)" : "";
    log.warn({ file }, `${setting} is not set: using the one kept in ${file}${where}`);
  }
  // Only SSH runs shell commands: without it the parser's WebAssembly is never loaded.
  const parserError = config.ssh ? await loadShellParser() : null;
  if (parserError) log.error({ err: parserError }, "the shell parser did not load: every execute_ssh command needs the override key");
  const status = new IntegrationStatus(config);
  for (const [name, report] of Object.entries(status.snapshot())) {
    if (report.state === "off") log.info({ integration: name }, `${name} is off (${report.detail})`);
  }

  const store = Store.open(config.server.dbPath);
  const startedAt = new Date();
  const auth = new Auth({
    password: credentials.password,
    jwtSecret: credentials.jwtSecret,
    ttlHours: config.auth.jwtTtlHours,
    trustedIngress: config.server.trustedIngress,
    apiToken: credentials.mcpToken,
    integrationToken: credentials.integrationToken,
  });
  const clients = await loadClients(config, log, status);
  const words = new ApprovalWords(config.auth.approvalKeyword, config.auth.overrideKey);
  const tts = buildTtsChain(config.speech, {
    repo: store.ttsCache,
    logger: log.child({ part: "tts" }),
    onStatus: (name, state, detail) => status.set(name, state, detail),
  });
  const chosenVoice = store.preferences.get<string>(VOICE_PREFERENCE);
  if (chosenVoice) {
    try {
      tts.prefer(chosenVoice);
    } catch (err) {
      log.warn({ err }, "the voice chosen earlier is no longer configured; using the default");
    }
  }
  const registry = buildRegistry({ config, store, clients, words, tts, log, secretValues });
  const catalog = new ClientCatalog(clients, config.proxmox?.nodes.map((n) => n.name) ?? []);
  const costs = new CostLedger(store.costs, config.modelPrices);
  const agent = await buildAgent({ config, store, registry, catalog, words, costs, log });
  const speech = buildSpeech({ config, agent, catalog, tts, log, status });
  const monitor = clients.proxmox
    ? new ClusterMonitor(
        { proxmox: clients.proxmox, events: store.events, snapshots: store.snapshots, demo: opts.demo ?? false, ...config.monitor },
        log.child({ service: "cluster_monitor" }),
      )
    : null;
  const runbooks = await buildRunbooks({
    config,
    store,
    registry,
    costs,
    words,
    ha: clients.homeAssistant,
    pending: () => pendingActions({ events: store.events, approvals: store.approvals, registry }),
    log,
  });
  const voiceLog = log.child({ part: "voice" });
  const services = await buildEventServices(config, store, clients, log, status);
  const api = new ApiServer({
    auth,
    store,
    status,
    registry,
    log,
    startedAt,
    demo: opts.demo ?? false,
    loginAttempts: opts.loginAttempts,
    authTimeoutMs: opts.authTimeoutMs,
    frontendDir: config.server.frontendDir,
    webhookSecret: config.runbooks.webhookSecret,
    commands: {
      ...eventCommands(store.events),
      ...actionCommands(registry),
      ...conversationCommands(agent),
      ...clusterCommands(monitor),
      ...toolCommands(registry),
      ...haCommands({
        events: store.events,
        approvals: store.approvals,
        registry,
        aiTasks: new AiTasks({ anthropic: config.anthropic, costs, dailyCostLimit: config.dailyCostLimit, callsPerMinute: config.llmCallsPerMinute, words }),
      }),
      ...runbookCommands({ switch: runbooks.switch, options: config.runbooks.on, catalog: CATALOG, runs: store.runbookRuns }),
      ...terminalCommands({ ssh: clients.ssh, events: store.events, log: log.child({ part: "terminal" }) }),
      ...voiceCommands({ stt: speech.stt, agent, tts: sentenceSpeaker(tts, voiceLog), log: voiceLog }),
      ...statusCommands({
        status,
        spentToday: () => costs.spentToday(),
        dailyLimitUsd: config.dailyCostLimit,
        version: VERSION,
        demo: opts.demo ?? false,
        startedAt,
      }),
      ...connectionCommands({
        integrationToken: credentials.integrationToken,
        generatedPassword: credentials.generated.some((g) => g.setting === "JARVIS_PASSWORD") ? credentials.password : null,
        port: () => address.port,
        discovery: () => discovery?.done ?? null,
      }),
    },
  });
  let address: AddressInfo;
  try {
    address = await api.listen(config.server.port, config.server.host);
  } catch (err) {
    await closeClients(clients);
    store.close();
    throw err;
  }
  connectClients(clients, log);
  services.start();
  monitor?.start();
  // After the event sources: a restart picks up the runs it left open, then follows the stream.
  runbooks.start();
  // Expired memories and approvals are already ignored; this keeps them from piling up on disk.
  const tidy = () => {
    const memories = store.memories.purgeExpired();
    const approvals = store.approvals.expire();
    if (memories + approvals > 0) log.info({ memories, approvals }, "expired memories and approvals removed");
  };
  tidy();
  const tidying = setInterval(tidy, HOUSEKEEPING_MS).unref();
  // A Wyoming port already taken is logged, not fatal: the rest of Jarvis still works.
  const wyomingPort = await speech.start().catch((err: unknown) => {
    log.error({ err, port: config.server.wyomingPort }, "Wyoming server could not start");
    return null;
  });
  const discovery = startAddonDiscovery(config, log, { http: address.port, wyoming: wyomingPort }, { integration: credentials.integrationToken, mcp: credentials.mcpToken });
  const enabled = Object.entries(config.integrations)
    .filter(([, s]) => s.enabled)
    .map(([n]) => n);
  store.events.add({
    type: "status",
    source: "system",
    title: "Jarvis started",
    data: { version: VERSION, integrations: enabled },
  });
  log.info({ port: address.port, db: config.server.dbPath, version: VERSION }, "Jarvis is listening");

  let stopping: Promise<void> | undefined;
  return {
    port: address.port,
    store,
    log,
    stop: () =>
      (stopping ??= (async () => {
        await discovery?.close();
        await api.close();
        await speech.close();
        await runbooks.close();
        await services.close();
        clearInterval(tidying);
        await monitor?.close();
        await agent.close();
        await closeClients(clients);
        store.close();
        log.info("Jarvis stopped");
      })()),
  };
}
