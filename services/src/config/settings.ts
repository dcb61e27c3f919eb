// Every setting Jarvis reads, in one table: its env var (the seed's names), its add-on option key, its kind,
// its default and whether it is a secret. Loading, validation, log redaction and the add-on's option list all
// come from here. No endpoint has a default: an unset endpoint means that integration is off.
import { z } from "zod";
import { TIERS } from "../tools/tiers.js";
import { bool, int, intList, json, num, oneOf, text, textList, url, type Kind } from "./kinds.js";

export interface Setting<T = unknown> {
  env: string;
  /** Key in the add-on's /data/options.json; absent for env-only settings. */
  option?: string;
  kind: Kind<T>;
  default?: T;
  secret?: boolean;
  doc: string;
}

function s<T>(setting: Setting<T> & { default: T }): Setting<T> & { default: T };
function s<T>(setting: Setting<T>): Setting<T>;
function s<T>(setting: Setting<T>): Setting<T> {
  return setting;
}
const HTTP = ["http", "https"] as const;

const proxmoxNode = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/),
  host: z.string().min(1),
  port: z.int().min(1).max(65535).default(8006),
  /** SHA-256 fingerprint of the node's certificate, "AB:CD:..." (a home lab's self-signed certs). */
  fingerprint: z
    .string()
    .regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/)
    .optional(),
  /** SSH port on the node, for commands, presence scans and the terminal. */
  ssh_port: z.int().min(1).max(65535).default(22),
  /** Network card MAC, so another node can wake this one (Wake-on-LAN). */
  mac: z
    .string()
    .regex(/^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/)
    .optional(),
});
export type ProxmoxNode = z.infer<typeof proxmoxNode>;

const presenceDevice = z.object({
  mac: z.string().regex(/^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/),
  name: z.string().min(1),
  owner: z.string().min(1),
  ip: z.string().optional(),
});
export type PresenceDevice = z.infer<typeof presenceDevice>;

export const RUNBOOK_IDS = ["guest_crash", "node_down", "storage_full", "backup_failed", "service_failed", "node_hot"] as const;
const HHMM = "([01][0-9]|2[0-3]):[0-5][0-9]";
/** One runbook switched on, with its limits (the add-on form has no nested lists, so targets is one string). */
const runbookSetting = z.object({
  runbook: z.enum(RUNBOOK_IDS),
  /** How often it may act on its own on the same guest or node in an hour; past it, it tells the household. */
  max_per_hour: z.int().min(1).max(60).optional(),
  /** Comma-separated guest ids and node names it may act on (unset: all). */
  targets: z
    .string()
    .regex(/^\s*[A-Za-z0-9.-]+(\s*,\s*[A-Za-z0-9.-]+)*\s*$/)
    .optional(),
  /** "HH:MM-HH:MM", local time: it acts on nothing on its own then, and waits for the end. */
  quiet_hours: z
    .string()
    .regex(new RegExp(`^${HHMM}-${HHMM}$`))
    .optional(),
});
export type RunbookSetting = z.infer<typeof runbookSetting>;

/** USD per million tokens. */
const modelPrice = z.object({
  input: z.number().min(0),
  output: z.number().min(0),
  cache_read: z.number().min(0).optional(),
  cache_write: z.number().min(0).optional(),
});

export const SETTINGS = {
  // Server
  port: s({ env: "PORT", kind: int(0, 65535), default: 4000, doc: "HTTP/WS/MCP port (0: any free port)" }),
  host: s({ env: "HOST", kind: text(), default: "0.0.0.0", doc: "address the HTTP server binds" }),
  wyomingPort: s({
    env: "WYOMING_PORT",
    kind: int(0, 65535),
    default: 10300,
    doc: "Wyoming TCP port (0 turns it off)",
  }),
  wyomingAllowedPeers: s({
    env: "WYOMING_ALLOWED_PEERS",
    option: "wyoming_allowed_peers",
    kind: textList(z.string().min(1), "a comma-separated list of IP addresses"),
    default: ["127.0.0.1", "::1", "172.30.32.1"],
    doc: "addresses that may use the Wyoming port (it has no login): this machine and HA Core in the add-on",
  }),
  dataDir: s({ env: "DATA_DIR", kind: text(), doc: "where the database and caches live" }),
  dbPath: s({ env: "DB_PATH", kind: text(), doc: "SQLite database file" }),
  logLevel: s({
    env: "LOG_LEVEL",
    option: "log_level",
    kind: oneOf(["trace", "debug", "info", "warn", "error", "fatal"]),
    default: "info",
    doc: "log verbosity",
  }),
  trustedIngress: s({
    env: "TRUSTED_INGRESS_ADDRESSES",
    kind: textList(z.string().min(1), "a comma-separated list of IP addresses"),
    default: ["172.30.32.2"],
    doc: "addresses whose requests are HA ingress (the Supervisor); they carry the HA user",
  }),

  // Auth and safety
  password: s({ env: "JARVIS_PASSWORD", option: "password", kind: text(), secret: true, doc: "login password" }),
  jwtSecret: s({
    env: "JWT_SECRET",
    option: "jwt_secret",
    kind: { ...text(), schema: z.string().min(16), expected: "a string of at least 16 characters" },
    secret: true,
    doc: "token signing secret; generated and kept in the data dir when unset",
  }),
  jwtTtlHours: s({ env: "JWT_TTL_HOURS", option: "jwt_ttl_hours", kind: int(1, 24 * 90), default: 24 * 7, doc: "login token lifetime" }),
  overrideKey: s({
    env: "JARVIS_OVERRIDE_KEY",
    option: "override_key",
    kind: text(),
    secret: true,
    doc: "passphrase that unlocks RED actions (unset: RED actions are refused)",
  }),
  integrationToken: s({
    env: "INTEGRATION_TOKEN",
    option: "integration_token",
    kind: { ...text(), schema: z.string().min(24), expected: "a string of at least 24 characters" },
    secret: true,
    doc: "token the HA integration uses on /api/ws; generated and kept in the data dir when unset, announced by discovery",
  }),
  mcpApiToken: s({
    env: "MCP_API_TOKEN",
    option: "mcp_api_token",
    kind: { ...text(), schema: z.string().min(24), expected: "a string of at least 24 characters" },
    secret: true,
    doc: "bearer token MCP clients may use at /mcp instead of a login",
  }),
  toolPolicy: s({
    env: "TOOL_POLICY",
    option: "tool_policy",
    kind: json(
      z.union([
        z.record(z.string(), z.enum(TIERS)),
        z.array(z.object({ tool: z.string(), tier: z.enum(TIERS) })).transform((l) => Object.fromEntries(l.map((p) => [p.tool, p.tier]))),
      ]),
      'a JSON object like {"stop_vm":"YELLOW"} (or a list of {"tool","tier"})',
    ),
    default: {},
    doc: "household choice of tier per tool (BLACK actions stay BLACK)",
  }),
  approvalKeyword: s({
    env: "JARVIS_APPROVAL_KEYWORD",
    option: "approval_keyword",
    kind: text(),
    default: "JARVIS-EXECUTE",
    doc: "word that approves a pending ORANGE action",
  }),

  // Proxmox
  pveNodes: s({
    env: "PVE_NODES",
    option: "proxmox_nodes",
    kind: json(z.array(proxmoxNode), 'a JSON list like [{"name":"pve","host":"pve.lan","fingerprint":"AB:..."}]'),
    default: [],
    doc: "cluster nodes to reach the API on, tried in order",
  }),
  pveTokenId: s({
    env: "PVE_TOKEN_ID",
    option: "proxmox_token_id",
    kind: {
      ...text(),
      schema: z.string().regex(/^[^@!\s]+@[^@!\s]+![^@!\s]+$/),
      expected: "USER@REALM!TOKENID, e.g. root@pam!jarvis",
    },
    doc: "API token id",
  }),
  pveTokenSecret: s({
    env: "PVE_TOKEN_SECRET",
    option: "proxmox_token_secret",
    kind: text(),
    secret: true,
    doc: "API token secret",
  }),
  pveCaFile: s({ env: "PVE_CA_FILE", option: "proxmox_ca_file", kind: text(), doc: "CA certificate file" }),
  pveInsecureTls: s({
    env: "PVE_INSECURE_TLS",
    option: "proxmox_insecure_tls",
    kind: bool(),
    default: false,
    doc: "accept any certificate (warned at every start)",
  }),
  protectedGuests: s({
    env: "PROTECTED_GUESTS",
    option: "protected_guests",
    kind: intList(100, 999_999_999),
    default: [],
    doc: "VM/CT ids that run HA or Jarvis: stopping them is never allowed",
  }),

  protectedServices: s({
    env: "PROTECTED_SERVICES",
    option: "protected_services",
    kind: textList(z.string().regex(/^[A-Za-z0-9@._-]+$/), "a comma-separated list of systemd unit names"),
    default: ["pve-cluster", "corosync", "sshd", "ssh"],
    doc: "services on the nodes that Jarvis may never stop (restarting them needs the override key)",
  }),
  nodeTransferRoots: s({
    env: "NODE_TRANSFER_ROOTS",
    option: "node_transfer_roots",
    kind: textList(z.string().startsWith("/"), "a comma-separated list of absolute folder paths on the nodes"),
    default: ["/tmp", "/var/lib/vz/template/iso", "/var/lib/vz/snippets"],
    doc: "folders on the nodes that transfer_file may read from and write to",
  }),

  clusterPollSeconds: s({
    env: "CLUSTER_POLL_SECONDS",
    option: "cluster_poll_seconds",
    kind: int(5, 3600),
    default: 15,
    doc: "how often the cluster monitor reads the cluster (through the client's 15 s cache)",
  }),
  clusterHistoryHours: s({
    env: "CLUSTER_HISTORY_HOURS",
    option: "cluster_history_hours",
    kind: int(1, 48),
    default: 3,
    doc: "sparkline history kept in memory",
  }),
  clusterSnapshotMinutes: s({
    env: "CLUSTER_SNAPSHOT_MINUTES",
    option: "cluster_snapshot_minutes",
    kind: int(1, 1440),
    default: 5,
    doc: "how often a cluster snapshot is saved for history",
  }),
  clusterSnapshotRetentionDays: s({
    env: "CLUSTER_SNAPSHOT_RETENTION_DAYS",
    option: "cluster_snapshot_retention_days",
    kind: int(1, 365),
    default: 7,
    doc: "how long cluster snapshots are kept",
  }),
  alertStoragePct: s({ env: "ALERT_STORAGE_PCT", option: "alert_storage_pct", kind: int(50, 100), default: 85, doc: "storage use that raises an alert" }),
  alertCpuPct: s({ env: "ALERT_CPU_PCT", option: "alert_cpu_pct", kind: int(50, 100), default: 90, doc: "node CPU use that raises an alert when sustained" }),
  alertMemoryPct: s({ env: "ALERT_MEMORY_PCT", option: "alert_memory_pct", kind: int(50, 100), default: 90, doc: "node memory use that raises an alert when sustained" }),
  alertSustainMinutes: s({
    env: "ALERT_SUSTAIN_MINUTES",
    option: "alert_sustain_minutes",
    kind: int(1, 120),
    default: 5,
    doc: "how long CPU or memory must stay high before an alert",
  }),
  alertTemperatureC: s({ env: "ALERT_TEMPERATURE_C", option: "alert_temperature_c", kind: int(40, 120), default: 80, doc: "node temperature that raises an alert" }),
  // Runbooks: what Jarvis does on its own
  runbooksEnabled: s({
    env: "RUNBOOKS_ENABLED",
    option: "runbooks_enabled",
    kind: bool(),
    default: true,
    doc: "household switch: false stops every runbook at once (each is also off until listed in RUNBOOKS)",
  }),
  runbooks: s({
    env: "RUNBOOKS",
    option: "runbooks",
    kind: json(
      z.array(runbookSetting).refine((l) => new Set(l.map((r) => r.runbook)).size === l.length, "each runbook once"),
      'a JSON list like [{"runbook":"guest_crash","max_per_hour":3,"targets":"101,pve2","quiet_hours":"22:00-07:00"}], each runbook once',
    ),
    default: [],
    doc: "the runbooks that are on, each with how often per hour it may act on one guest or node, which guests and nodes, and quiet hours",
  }),
  digestTime: s({
    env: "DIGEST_TIME",
    option: "digest_time",
    kind: { ...text(), schema: z.string().regex(new RegExp(`^${HHMM}$`)), expected: "a time of day as HH:MM, e.g. 08:00" },
    doc: "time of day (local) for the daily digest event; unset: no digest",
  }),
  pveWebhookSecret: s({
    env: "PVE_WEBHOOK_SECRET",
    option: "proxmox_webhook_secret",
    kind: { ...text(), schema: z.string().min(16), expected: "a string of at least 16 characters" },
    secret: true,
    doc: "secret Proxmox's webhook notification target sends (Authorization: Bearer); unset: the webhook refuses everything",
  }),
  wolAddress: s({
    env: "WOL_ADDRESS",
    option: "wol_address",
    kind: { ...text(), schema: z.ipv4(), expected: "an IPv4 address, e.g. 192.0.2.255" },
    default: "255.255.255.255",
    doc: "where Wake-on-LAN packets go: the LAN's broadcast address",
  }),
  wolPort: s({ env: "WOL_PORT", option: "wol_port", kind: int(1, 65535), default: 9, doc: "UDP port of Wake-on-LAN packets" }),
  frontendDir: s({ env: "FRONTEND_DIR", kind: text(), doc: "folder with the built card and ingress page (default: the `frontend` folder beside the add-on's bundle, else frontend-card/dist of this checkout)" }),

  // LLM
  anthropicApiKey: s({
    env: "ANTHROPIC_API_KEY",
    option: "anthropic_api_key",
    kind: text(),
    secret: true,
    doc: "Claude API key",
  }),
  anthropicBaseUrl: s({ env: "ANTHROPIC_BASE_URL", option: "anthropic_base_url", kind: url(HTTP), doc: "Anthropic API base URL" }),
  claudeModel: s({
    env: "CLAUDE_MODEL",
    option: "claude_model",
    kind: text(),
    default: "claude-sonnet-4-20250514",
    doc: "Claude model",
  }),
  claudeTimeoutSeconds: s({
    env: "CLAUDE_TIMEOUT_SECONDS",
    option: "claude_timeout_seconds",
    kind: int(1, 300),
    default: 15,
    doc: "how long Claude may take to start answering, or stay silent mid-answer, before the turn goes to the local model",
  }),
  dailyCostLimit: s({
    env: "DAILY_COST_LIMIT",
    option: "daily_cost_limit",
    kind: num(0, 10_000),
    default: 5,
    doc: "USD per day on Claude before turns go local",
  }),
  llmCallsPerMinute: s({
    env: "LLM_CALLS_PER_MINUTE",
    option: "llm_calls_per_minute",
    kind: int(1, 1000),
    default: 20,
    doc: "Claude calls allowed per minute before turns go local",
  }),
  modelPrices: s({
    env: "MODEL_PRICES",
    option: "model_prices",
    kind: json(
      z.union([
        z.record(z.string(), modelPrice),
        // The add-on form has no free-keyed objects, so it sends a list of {model, input, output, ...}.
        z
          .array(modelPrice.extend({ model: z.string().min(1) }))
          .transform((l) => Object.fromEntries(l.map(({ model, ...price }) => [model, price]))),
      ]),
      'a JSON object like {"claude-sonnet-4":{"input":3,"output":15}} (USD per million tokens), or a list of {"model","input","output"}',
    ),
    default: {},
    doc: "prices per model for the cost ledger (defaults cover the Claude models Jarvis uses)",
  }),
  localLlmEndpoint: s({
    env: "LOCAL_LLM_ENDPOINT",
    option: "local_llm_endpoint",
    kind: url(HTTP),
    doc: "OpenAI-compatible endpoint (llama-server)",
  }),
  localLlmModel: s({
    env: "LOCAL_LLM_MODEL",
    option: "local_llm_model",
    kind: text(),
    default: "qwen2.5-7b-instruct-q4_k_m.gguf",
    doc: "local model name",
  }),
  localLlmTools: s({
    env: "LOCAL_LLM_TOOLS",
    option: "local_llm_tools",
    kind: bool(),
    default: false,
    doc: "the local endpoint supports tool calls (llama-server with --jinja); otherwise it only chats",
  }),
  qwenContextWindow: s({
    env: "QWEN_CONTEXT_WINDOW",
    option: "local_llm_context_window",
    kind: int(512, 1_048_576),
    default: 8192,
    doc: "local model context window in tokens",
  }),

  // Speech
  xttsEndpoint: s({ env: "LOCAL_TTS_ENDPOINT", option: "xtts_endpoint", kind: url(HTTP), doc: "XTTS v2 service" }),
  piperEndpoint: s({ env: "PIPER_TTS_ENDPOINT", option: "piper_endpoint", kind: url(HTTP), doc: "Piper service" }),
  whisperEndpoint: s({ env: "WHISPER_ENDPOINT", option: "whisper_endpoint", kind: url(HTTP), doc: "Whisper STT" }),
  whisperApiKey: s({
    env: "WHISPER_API_KEY",
    option: "whisper_api_key",
    kind: text(),
    secret: true,
    doc: "bearer key for the Whisper endpoint, when it wants one",
  }),
  whisperModel: s({ env: "WHISPER_MODEL", option: "whisper_model", kind: text(), default: "whisper-1", doc: "STT model name" }),
  whisperLanguage: s({ env: "WHISPER_LANGUAGE", option: "whisper_language", kind: text(), default: "en", doc: "STT language" }),
  offlineStt: s({
    env: "STT_OFFLINE",
    option: "stt_offline",
    kind: bool(),
    default: true,
    doc: "recognise commands offline with pocketsphinx when Whisper is unset or down",
  }),
  openaiApiKey: s({
    env: "OPENAI_API_KEY",
    option: "openai_api_key",
    kind: text(),
    secret: true,
    doc: "OpenAI key (TTS)",
  }),
  openaiBaseUrl: s({ env: "OPENAI_BASE_URL", option: "openai_base_url", kind: url(HTTP), doc: "OpenAI API base URL" }),
  ttsModel: s({ env: "TTS_MODEL", option: "tts_model", kind: text(), default: "tts-1", doc: "OpenAI TTS model" }),
  ttsVoice: s({ env: "TTS_VOICE", option: "tts_voice", kind: text(), default: "onyx", doc: "OpenAI TTS voice" }),
  ttsSpeed: s({ env: "TTS_SPEED", option: "tts_speed", kind: num(0.25, 4), default: 1, doc: "OpenAI TTS speed" }),
  ttsCacheDir: s({ env: "TTS_CACHE_DIR", kind: text(), doc: "TTS disk cache folder" }),
  ttsCacheMax: s({
    env: "TTS_CACHE_MAX",
    option: "tts_cache_max",
    kind: int(0, 1_000_000),
    default: 500,
    doc: "TTS cache entries kept",
  }),
  elevenlabsApiKey: s({
    env: "ELEVENLABS_API_KEY",
    option: "elevenlabs_api_key",
    kind: text(),
    secret: true,
    doc: "ElevenLabs key",
  }),
  elevenlabsBaseUrl: s({ env: "ELEVENLABS_BASE_URL", option: "elevenlabs_base_url", kind: url(HTTP), doc: "ElevenLabs API base URL" }),
  elevenlabsVoiceId: s({
    env: "ELEVENLABS_VOICE_ID",
    option: "elevenlabs_voice_id",
    kind: text(),
    default: "onwK4e9ZLuTAKqWW03F9",
    doc: "ElevenLabs voice",
  }),
  elevenlabsModel: s({
    env: "ELEVENLABS_MODEL",
    option: "elevenlabs_model",
    kind: text(),
    default: "eleven_multilingual_v2",
    doc: "ElevenLabs model",
  }),
  elevenlabsStability: s({ env: "ELEVENLABS_STABILITY", option: "elevenlabs_stability", kind: num(0, 1), default: 0.5, doc: "voice stability" }),
  elevenlabsSimilarity: s({ env: "ELEVENLABS_SIMILARITY", option: "elevenlabs_similarity", kind: num(0, 1), default: 0.75, doc: "similarity boost" }),
  elevenlabsStyle: s({ env: "ELEVENLABS_STYLE", option: "elevenlabs_style", kind: num(0, 1), default: 0.4, doc: "style exaggeration" }),

  // Home
  homeAssistantUrl: s({
    env: "HOME_ASSISTANT_URL",
    kind: url(HTTP),
    doc: "HA URL (outside the add-on)",
  }),
  homeAssistantToken: s({
    env: "HOME_ASSISTANT_TOKEN",
    kind: text(),
    secret: true,
    doc: "HA long-lived token",
  }),
  supervisorToken: s({ env: "SUPERVISOR_TOKEN", kind: text(), secret: true, doc: "set by HA inside the add-on" }),
  haTtsEntity: s({
    env: "HA_TTS_ENTITY",
    option: "ha_tts_entity",
    kind: { ...text(), schema: z.string().regex(/^tts\.[a-z0-9_]+$/), expected: "a TTS entity id such as tts.jarvis" },
    doc: "the HA text-to-speech entity the speak tool uses (default: Jarvis's own Wyoming voice if HA has it, else the first one)",
  }),
  haExposeAll: s({
    env: "HA_EXPOSE_ALL_ENTITIES",
    option: "ha_expose_all_entities",
    kind: bool(),
    default: false,
    doc: "offer every HA entity to the agent, not only those exposed to Assist",
  }),
  frigateUrl: s({ env: "FRIGATE_URL", option: "frigate_url", kind: url(HTTP), doc: "Frigate NVR" }),
  entryCameras: s({
    env: "FRIGATE_ENTRY_CAMERAS",
    option: "frigate_entry_cameras",
    kind: textList(z.string().regex(/^[A-Za-z0-9_-]+$/), "a comma-separated list of Frigate camera names"),
    default: [],
    doc: "cameras that watch the doors: a person there is an alert (empty: every camera)",
  }),
  entryZones: s({
    env: "FRIGATE_ENTRY_ZONES",
    option: "frigate_entry_zones",
    kind: textList(z.string().regex(/^[A-Za-z0-9_-]+$/), "a comma-separated list of Frigate zone names"),
    default: [],
    doc: "zones (on any camera) where a person is an alert too",
  }),
  frigateTopicPrefix: s({
    env: "FRIGATE_MQTT_TOPIC_PREFIX",
    option: "frigate_mqtt_topic_prefix",
    kind: { ...text(), schema: z.string().regex(/^[^#+\s]+$/), expected: "an MQTT topic prefix without wildcards" },
    default: "frigate",
    doc: "Frigate's mqtt.topic_prefix",
  }),
  alertCooldownSeconds: s({
    env: "ALERT_COOLDOWN_SECONDS",
    option: "alert_cooldown_seconds",
    kind: int(0, 86_400),
    default: 300,
    doc: "quiet time per camera after a person alert",
  }),
  alertFaceWaitSeconds: s({
    env: "ALERT_FACE_WAIT_SECONDS",
    option: "alert_face_wait_seconds",
    kind: int(0, 60),
    default: 3,
    doc: "how long an alert waits for Frigate to recognise a face before it goes out unnamed",
  }),
  frigatePollSeconds: s({
    env: "FRIGATE_POLL_SECONDS",
    option: "frigate_poll_seconds",
    kind: int(5, 3600),
    default: 15,
    doc: "how often Frigate is polled for people while MQTT is down",
  }),
  searxngUrl: s({ env: "SEARXNG_URL", option: "searxng_url", kind: url(HTTP), doc: "SearXNG for web search" }),
  mqttBrokerUrl: s({
    env: "MQTT_BROKER_URL",
    option: "mqtt_broker_url",
    kind: url(["mqtt", "mqtts", "ws", "wss"]),
    doc: "MQTT broker (Frigate events)",
  }),
  mqttEnabled: s({ env: "MQTT_ENABLED", option: "mqtt_enabled", kind: bool(), default: true, doc: "use MQTT" }),
  mqttClientId: s({
    env: "MQTT_CLIENT_ID",
    option: "mqtt_client_id",
    kind: text(),
    default: "jarvis-backend",
    doc: "MQTT client id",
  }),
  mqttUsername: s({ env: "MQTT_USERNAME", option: "mqtt_username", kind: text(), doc: "MQTT user" }),
  mqttPassword: s({
    env: "MQTT_PASSWORD",
    option: "mqtt_password",
    kind: text(),
    secret: true,
    doc: "MQTT password",
  }),
  sshKeyPath: s({ env: "SSH_KEY_PATH", option: "ssh_key_path", kind: text(), doc: "private key for the nodes" }),
  sshUser: s({ env: "SSH_USER", option: "ssh_user", kind: text(), default: "root", doc: "SSH user on the nodes" }),
  sshKnownHosts: s({
    env: "SSH_KNOWN_HOSTS",
    option: "ssh_known_hosts",
    kind: text(),
    doc: "known_hosts file that pins the nodes' host keys",
  }),
  fileRoots: s({
    env: "FILE_ROOTS",
    option: "file_roots",
    kind: textList(z.string().startsWith("/"), "a comma-separated list of absolute folder paths"),
    default: [],
    doc: "folders the files and transfer tools may read and write (nothing outside them)",
  }),
  projectRoots: s({
    env: "PROJECT_ROOTS",
    option: "project_roots",
    kind: textList(z.string().startsWith("/"), "a comma-separated list of absolute folder paths"),
    default: [],
    doc: "folders holding code projects the projects tools may read",
  }),
  presenceScanSeconds: s({
    env: "PRESENCE_SCAN_INTERVAL_SECONDS",
    option: "presence_scan_interval_seconds",
    kind: int(5, 3600),
    default: 30,
    doc: "how often the nodes' ARP tables are read",
  }),
  presenceAwayAfterSeconds: s({
    env: "PRESENCE_AWAY_AFTER_SECONDS",
    option: "presence_away_after_seconds",
    kind: int(30, 86_400),
    default: 120,
    doc: "how long a person's devices must be unseen before they count as gone",
  }),
  presenceCooldownSeconds: s({
    env: "PRESENCE_COOLDOWN_SECONDS",
    option: "presence_cooldown_seconds",
    kind: int(0, 86_400),
    default: 120,
    doc: "how long just_left and just_arrived last before away or present",
  }),
  presenceDevices: s({
    env: "PRESENCE_DEVICES",
    option: "presence_devices",
    kind: json(z.array(presenceDevice), 'a JSON list like [{"mac":"aa:bb:..","name":"Phone","owner":"Sam"}]'),
    default: [],
    doc: "devices whose presence on the LAN means someone is home",
  }),
} satisfies Record<string, Setting<any>>;

export type SettingKey = keyof typeof SETTINGS;
type ValueOf<S> = S extends Setting<infer T> ? T : never;
/** The flat, validated values: settings with a default are always set. */
export type Values = {
  [K in SettingKey]: (typeof SETTINGS)[K] extends { default: unknown }
    ? ValueOf<(typeof SETTINGS)[K]>
    : ValueOf<(typeof SETTINGS)[K]> | undefined;
};

export const SECRET_KEYS: readonly SettingKey[] = (Object.keys(SETTINGS) as SettingKey[]).filter(
  (k) => (SETTINGS[k] as Setting).secret === true,
);
