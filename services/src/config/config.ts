// The typed Config the rest of the server reads: flat setting values grouped per integration. A group is
// null when the integration is off; `integrations` says why, for the start-up log and /api/health.
import path from "node:path";
import type { Tier } from "../tools/tiers.js";
import type { PresenceDevice, ProxmoxNode, RUNBOOK_IDS, Values } from "./settings.js";

export const INTEGRATIONS = [
  "proxmox",
  "anthropic",
  "local_llm",
  "home_assistant",
  "frigate",
  "mqtt",
  "ssh",
  "presence",
  "searxng",
  "whisper",
  "xtts",
  "piper",
  "openai_tts",
  "elevenlabs",
] as const;
export type IntegrationName = (typeof INTEGRATIONS)[number];

/** Whether an integration is configured, and if not, what would switch it on. */
export interface IntegrationSetup {
  enabled: boolean;
  reason: string;
}

export interface Config {
  inAddon: boolean;
  server: {
    host: string;
    port: number;
    wyomingPort: number;
    wyomingAllowedPeers: readonly string[];
    dataDir: string;
    dbPath: string;
    frontendDir: string | undefined;
    logLevel: Values["logLevel"];
    trustedIngress: readonly string[];
  };
  auth: {
    password: string | undefined;
    jwtSecret: string | undefined;
    jwtTtlHours: number;
    overrideKey: string | undefined;
    approvalKeyword: string;
    mcpApiToken: string | undefined;
    integrationToken: string | undefined;
  };
  toolPolicy: Readonly<Record<string, Tier>>;
  proxmox: {
    nodes: readonly ProxmoxNode[];
    tokenId: string;
    tokenSecret: string;
    caFile: string | undefined;
    insecureTls: boolean;
  } | null;
  monitor: {
    intervalMs: number;
    historyMs: number;
    snapshotIntervalMs: number;
    snapshotRetentionMs: number;
    thresholds: { storagePct: number; cpuPct: number; memPct: number; sustainMs: number; temperatureC: number };
  };
  runbooks: {
    /** The household switch's setting (a person may flip it at run time; see runbooks/switch). */
    enabled: boolean;
    /** The runbooks that are on. */
    on: readonly RunbookOptions[];
    /** Minutes after local midnight for the daily digest; null: no digest. */
    digestAt: number | null;
    webhookSecret: string | undefined;
    wol: { address: string; port: number };
  };
  protectedGuests: readonly number[];
  protectedServices: readonly string[];
  nodeTransferRoots: readonly string[];
  anthropic: {
    apiKey: string;
    baseUrl: string | undefined;
    model: string;
    /** Longest wait for Claude's first stream event, and between two events, before the call fails. */
    timeoutMs: number;
  } | null;
  localLlm: { endpoint: string; model: string; contextWindow: number; tools: boolean } | null;
  dailyCostLimit: number;
  llmCallsPerMinute: number;
  modelPrices: Readonly<Record<string, { input: number; output: number; cache_read?: number; cache_write?: number }>>;
  homeAssistant: { kind: "supervisor" | "direct"; url: string; token: string; exposeAll: boolean; ttsEntity?: string } | null;
  frigate: { url: string; entryCameras: readonly string[] } | null;
  alerts: { entryZones: readonly string[]; topicPrefix: string; cooldownMs: number; faceWaitMs: number; pollIntervalMs: number };
  searxng: { url: string } | null;
  mqtt: { url: string; clientId: string; username: string | undefined; password: string | undefined } | null;
  ssh: { keyPath: string; user: string; knownHosts: string; nodes: readonly ProxmoxNode[] } | null;
  presence: { devices: readonly PresenceDevice[]; intervalMs: number; awayAfterMs: number; cooldownMs: number } | null;
  fileRoots: readonly string[];
  projectRoots: readonly string[];
  speech: {
    whisper: { endpoint: string; apiKey: string | undefined; model: string; language: string } | null;
    offlineStt: boolean;
    xtts: { endpoint: string } | null;
    piper: { endpoint: string } | null;
    openai: { apiKey: string; baseUrl: string | undefined; model: string; voice: string; speed: number } | null;
    elevenlabs: {
      apiKey: string;
      baseUrl: string | undefined;
      voiceId: string;
      model: string;
      stability: number;
      similarity: number;
      style: number;
    } | null;
    cacheDir: string;
    cacheMax: number;
  };
  integrations: Readonly<Record<IntegrationName, IntegrationSetup>>;
}

export interface RunbookOptions {
  id: (typeof RUNBOOK_IDS)[number];
  maxPerHour: number;
  /** Guest ids and node names it may act on; empty: all. */
  targets: readonly string[];
  /** Local minutes after midnight [from, to); the span may cross midnight. */
  quietHours: { from: number; to: number } | null;
}

/** How often a runbook may act on one guest or node in an hour when the household did not say. */
export const DEFAULT_MAX_PER_HOUR = 3;

const SUPERVISOR_CORE_URL = "http://supervisor/core";

/** "HH:MM" (already validated) as minutes after midnight. */
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const on = (): IntegrationSetup => ({ enabled: true, reason: "configured" });
const off = (reason: string): IntegrationSetup => ({ enabled: false, reason });

/** `needs` lists [setting env name, value]; the integration is on when all are set. */
function setup(needs: [string, unknown][], extra?: string): IntegrationSetup {
  const missing = needs.filter(([, v]) => v === undefined || (Array.isArray(v) && v.length === 0));
  if (missing.length > 0) return off(`not configured: set ${missing.map(([k]) => k).join(" and ")}`);
  return extra ? off(extra) : on();
}

export function buildConfig(v: Values, inAddon: boolean): Config {
  const dataDir = path.resolve(v.dataDir ?? (inAddon ? "/data" : "./data"));
  const ha =
    v.supervisorToken !== undefined
      ? ({ kind: "supervisor", url: SUPERVISOR_CORE_URL, token: v.supervisorToken, exposeAll: v.haExposeAll, ttsEntity: v.haTtsEntity } as const)
      : v.homeAssistantUrl !== undefined && v.homeAssistantToken !== undefined
        ? ({ kind: "direct", url: v.homeAssistantUrl, token: v.homeAssistantToken, exposeAll: v.haExposeAll, ttsEntity: v.haTtsEntity } as const)
        : null;

  const integrations: Record<IntegrationName, IntegrationSetup> = {
    proxmox: setup([
      ["PVE_NODES", v.pveNodes],
      ["PVE_TOKEN_ID", v.pveTokenId],
      ["PVE_TOKEN_SECRET", v.pveTokenSecret],
    ]),
    anthropic: setup([["ANTHROPIC_API_KEY", v.anthropicApiKey]]),
    local_llm: setup([["LOCAL_LLM_ENDPOINT", v.localLlmEndpoint]]),
    home_assistant: ha
      ? on()
      : off("not configured: set HOME_ASSISTANT_URL and HOME_ASSISTANT_TOKEN (or run as the add-on)"),
    frigate: setup([["FRIGATE_URL", v.frigateUrl]]),
    mqtt: setup([["MQTT_BROKER_URL", v.mqttBrokerUrl]], v.mqttEnabled ? undefined : "switched off: MQTT_ENABLED=false"),
    ssh: setup([
      ["SSH_KEY_PATH", v.sshKeyPath],
      ["PVE_NODES", v.pveNodes],
    ]),
    presence: setup(
      [
        ["PRESENCE_DEVICES", v.presenceDevices],
        ["SSH_KEY_PATH", v.sshKeyPath],
      ],
      v.pveNodes.length === 0 ? "not configured: set PVE_NODES (presence scans the nodes' ARP tables)" : undefined,
    ),
    searxng: setup([["SEARXNG_URL", v.searxngUrl]]),
    whisper: setup([["WHISPER_ENDPOINT", v.whisperEndpoint]]),
    xtts: setup([["LOCAL_TTS_ENDPOINT", v.xttsEndpoint]]),
    piper: setup([["PIPER_TTS_ENDPOINT", v.piperEndpoint]]),
    openai_tts: setup([["OPENAI_API_KEY", v.openaiApiKey]]),
    elevenlabs: setup([["ELEVENLABS_API_KEY", v.elevenlabsApiKey]]),
  };
  const enabled = (name: IntegrationName) => integrations[name].enabled;

  return {
    inAddon,
    server: {
      host: v.host,
      port: v.port,
      wyomingPort: v.wyomingPort,
      wyomingAllowedPeers: v.wyomingAllowedPeers,
      dataDir,
      dbPath: path.resolve(v.dbPath ?? path.join(dataDir, "jarvis.db")),
      frontendDir: v.frontendDir,
      logLevel: v.logLevel,
      trustedIngress: v.trustedIngress,
    },
    auth: {
      password: v.password,
      jwtSecret: v.jwtSecret,
      jwtTtlHours: v.jwtTtlHours,
      overrideKey: v.overrideKey,
      approvalKeyword: v.approvalKeyword,
      mcpApiToken: v.mcpApiToken,
      integrationToken: v.integrationToken,
    },
    toolPolicy: v.toolPolicy,
    proxmox: enabled("proxmox")
      ? {
          nodes: v.pveNodes,
          tokenId: v.pveTokenId!,
          tokenSecret: v.pveTokenSecret!,
          caFile: v.pveCaFile,
          insecureTls: v.pveInsecureTls,
        }
      : null,
    monitor: {
      intervalMs: v.clusterPollSeconds * 1000,
      historyMs: v.clusterHistoryHours * 3_600_000,
      snapshotIntervalMs: v.clusterSnapshotMinutes * 60_000,
      snapshotRetentionMs: v.clusterSnapshotRetentionDays * 86_400_000,
      thresholds: {
        storagePct: v.alertStoragePct,
        cpuPct: v.alertCpuPct,
        memPct: v.alertMemoryPct,
        sustainMs: v.alertSustainMinutes * 60_000,
        temperatureC: v.alertTemperatureC,
      },
    },
    runbooks: {
      enabled: v.runbooksEnabled,
      on: v.runbooks.map((r) => ({
        id: r.runbook,
        maxPerHour: r.max_per_hour ?? DEFAULT_MAX_PER_HOUR,
        targets: (r.targets ?? "").split(",").map((t) => t.trim()).filter(Boolean),
        quietHours: r.quiet_hours ? { from: minutes(r.quiet_hours.slice(0, 5)), to: minutes(r.quiet_hours.slice(6)) } : null,
      })),
      digestAt: v.digestTime === undefined ? null : minutes(v.digestTime),
      webhookSecret: v.pveWebhookSecret,
      wol: { address: v.wolAddress, port: v.wolPort },
    },
    protectedGuests: v.protectedGuests,
    protectedServices: v.protectedServices,
    nodeTransferRoots: v.nodeTransferRoots,
    anthropic: enabled("anthropic")
      ? { apiKey: v.anthropicApiKey!, baseUrl: v.anthropicBaseUrl, model: v.claudeModel, timeoutMs: v.claudeTimeoutSeconds * 1000 }
      : null,
    localLlm: enabled("local_llm")
      ? { endpoint: v.localLlmEndpoint!, model: v.localLlmModel, contextWindow: v.qwenContextWindow, tools: v.localLlmTools }
      : null,
    dailyCostLimit: v.dailyCostLimit,
    llmCallsPerMinute: v.llmCallsPerMinute,
    modelPrices: v.modelPrices,
    homeAssistant: ha,
    frigate: enabled("frigate") ? { url: v.frigateUrl!, entryCameras: v.entryCameras } : null,
    alerts: {
      entryZones: v.entryZones,
      topicPrefix: v.frigateTopicPrefix,
      cooldownMs: v.alertCooldownSeconds * 1000,
      faceWaitMs: v.alertFaceWaitSeconds * 1000,
      pollIntervalMs: v.frigatePollSeconds * 1000,
    },
    searxng: enabled("searxng") ? { url: v.searxngUrl! } : null,
    mqtt: enabled("mqtt")
      ? { url: v.mqttBrokerUrl!, clientId: v.mqttClientId, username: v.mqttUsername, password: v.mqttPassword }
      : null,
    ssh: enabled("ssh")
      ? {
          keyPath: v.sshKeyPath!,
          user: v.sshUser,
          // Host keys must be pinned somewhere: without a file every host is refused, and the error says how to add one.
          knownHosts: path.resolve(v.sshKnownHosts ?? path.join(dataDir, "ssh_known_hosts")),
          nodes: v.pveNodes,
        }
      : null,
    presence: enabled("presence")
      ? {
          devices: v.presenceDevices,
          intervalMs: v.presenceScanSeconds * 1000,
          awayAfterMs: v.presenceAwayAfterSeconds * 1000,
          cooldownMs: v.presenceCooldownSeconds * 1000,
        }
      : null,
    fileRoots: v.fileRoots,
    projectRoots: v.projectRoots,
    speech: {
      whisper: enabled("whisper")
        ? { endpoint: v.whisperEndpoint!, apiKey: v.whisperApiKey, model: v.whisperModel, language: v.whisperLanguage }
        : null,
      offlineStt: v.offlineStt,
      xtts: enabled("xtts") ? { endpoint: v.xttsEndpoint! } : null,
      piper: enabled("piper") ? { endpoint: v.piperEndpoint! } : null,
      openai: enabled("openai_tts")
        ? {
            apiKey: v.openaiApiKey!,
            baseUrl: v.openaiBaseUrl,
            model: v.ttsModel,
            voice: v.ttsVoice,
            speed: v.ttsSpeed,
          }
        : null,
      elevenlabs: enabled("elevenlabs")
        ? {
            apiKey: v.elevenlabsApiKey!,
            baseUrl: v.elevenlabsBaseUrl,
            voiceId: v.elevenlabsVoiceId,
            model: v.elevenlabsModel,
            stability: v.elevenlabsStability,
            similarity: v.elevenlabsSimilarity,
            style: v.elevenlabsStyle,
          }
        : null,
      cacheDir: path.resolve(v.ttsCacheDir ?? path.join(dataDir, "tts-cache")),
      cacheMax: v.ttsCacheMax,
    },
    integrations,
  };
}
