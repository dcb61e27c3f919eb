import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, INTEGRATIONS, loadConfig, SETTINGS } from "../src/config/index.js";
import { tempDir } from "./helpers/jarvis.js";

const noOptions = () => ({ JARVIS_OPTIONS_PATH: path.join(tempDir(), "absent.json") });

function withOptions(options: unknown): Record<string, string> {
  const file = path.join(tempDir(), "options.json");
  writeFileSync(file, typeof options === "string" ? options : JSON.stringify(options));
  return { JARVIS_OPTIONS_PATH: file };
}

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("config", () => {
  it("starts with every integration off and no LAN address when nothing is set", () => {
    const { config } = loadConfig(noOptions());
    for (const name of INTEGRATIONS) expect(config.integrations[name].enabled, name).toBe(false);
    expect(config.proxmox).toBeNull();
    expect(config.homeAssistant).toBeNull();
    expect(config.mqtt).toBeNull();
    expect(config.speech.whisper).toBeNull();
    expect(config.server.port).toBe(4000);
    expect(config.server.dbPath).toBe(path.resolve("data/jarvis.db"));
    expect(config.auth.approvalKeyword).toBe("JARVIS-EXECUTE");
    expect(JSON.stringify(config)).not.toMatch(/192\.168\.|\b10\.\d+\.\d+\.\d+/);
  });

  it("reads the seed's env vars into typed groups", () => {
    const { config } = loadConfig({
      ...noOptions(),
      PORT: "4100",
      DB_PATH: "/tmp/x/j.db",
      PVE_NODES: '[{"name":"pve","host":"127.0.0.1"}]',
      PVE_TOKEN_ID: "root@pam!jarvis",
      PVE_TOKEN_SECRET: "0000-1111",
      ANTHROPIC_API_KEY: "sk-ant-test",
      DAILY_COST_LIMIT: "2.5",
      LOCAL_LLM_ENDPOINT: "http://127.0.0.1:8080/",
      QWEN_CONTEXT_WINDOW: "4096",
      LOCAL_TTS_ENDPOINT: "http://127.0.0.1:5050",
      PIPER_TTS_ENDPOINT: "http://127.0.0.1:5000",
      WHISPER_ENDPOINT: "http://127.0.0.1:5051",
      HOME_ASSISTANT_URL: "http://127.0.0.1:8123",
      HOME_ASSISTANT_TOKEN: "ha-token",
      FRIGATE_URL: "http://127.0.0.1:5001",
      SEARXNG_URL: "http://127.0.0.1:8888",
      MQTT_BROKER_URL: "mqtt://127.0.0.1:1883",
      MQTT_ENABLED: "true",
      SSH_KEY_PATH: "/keys/id_ed25519",
      PRESENCE_DEVICES: '[{"mac":"aa:bb:cc:dd:ee:ff","name":"Phone","owner":"Sam"}]',
      JARVIS_OVERRIDE_KEY: "override-phrase",
      JARVIS_APPROVAL_KEYWORD: "make it so",
      TTS_VOICE: "echo",
      TTS_SPEED: "1.25",
      TTS_CACHE_MAX: "50",
      PROTECTED_GUESTS: "100, 101",
    });
    expect(config.server.port).toBe(4100);
    expect(config.server.dbPath).toBe("/tmp/x/j.db");
    expect(config.proxmox?.nodes).toEqual([{ name: "pve", host: "127.0.0.1", port: 8006, ssh_port: 22 }]);
    expect(config.anthropic?.model).toBe("claude-sonnet-4-20250514");
    expect(config.dailyCostLimit).toBe(2.5);
    expect(config.localLlm).toEqual({
      endpoint: "http://127.0.0.1:8080",
      model: "qwen2.5-7b-instruct-q4_k_m.gguf",
      contextWindow: 4096,
      tools: false,
    });
    expect(config.homeAssistant).toEqual({ kind: "direct", url: "http://127.0.0.1:8123", token: "ha-token", exposeAll: false, ttsEntity: undefined });
    expect(config.mqtt?.clientId).toBe("jarvis-backend");
    expect(config.presence?.devices).toHaveLength(1);
    expect(config.speech.openai).toBeNull();
    expect(config.speech.cacheMax).toBe(50);
    expect(config.protectedGuests).toEqual([100, 101]);
    expect(config.auth.approvalKeyword).toBe("make it so");
    for (const name of INTEGRATIONS.filter((n) => !["openai_tts", "elevenlabs"].includes(n))) {
      expect(config.integrations[name].enabled, name).toBe(true);
    }
  });

  it("reads add-on options, and env wins over them", () => {
    const { config, warnings } = loadConfig({
      ...withOptions({ jwt_ttl_hours: 48, frigate_url: "http://127.0.0.1:5000", log_level: "debug", bogus: 1 }),
      JWT_TTL_HOURS: "72",
    });
    expect(config.auth.jwtTtlHours).toBe(72);
    expect(config.frigate).toEqual({ url: "http://127.0.0.1:5000", entryCameras: [] });
    expect(config.server.logLevel).toBe("debug");
    expect(warnings).toEqual([expect.stringContaining('unknown option "bogus"')]);
  });

  it("reaches HA through the Supervisor when SUPERVISOR_TOKEN is set", () => {
    const { config } = loadConfig({ ...noOptions(), SUPERVISOR_TOKEN: "sup", DATA_DIR: "/tmp/j" });
    expect(config.inAddon).toBe(true);
    expect(config.homeAssistant).toEqual({ kind: "supervisor", url: "http://supervisor/core", token: "sup", exposeAll: false, ttsEntity: undefined });
  });

  it("MQTT_ENABLED=false switches MQTT off even with a broker", () => {
    const { config } = loadConfig({ ...noOptions(), MQTT_BROKER_URL: "mqtt://127.0.0.1", MQTT_ENABLED: "false" });
    expect(config.mqtt).toBeNull();
    expect(config.integrations.mqtt.reason).toContain("MQTT_ENABLED=false");
  });

  it.each([
    [{ PORT: "abc" }, /PORT \(env\): expected a whole number from 0 to 65535, got "abc"/],
    [{ PORT: "70000" }, /PORT \(env\)/],
    [{ FRIGATE_URL: "frigate.lan:5000" }, /FRIGATE_URL \(env\): expected a URL starting with http:\/\//],
    [{ MQTT_BROKER_URL: "http://127.0.0.1" }, /MQTT_BROKER_URL \(env\): expected a URL starting with mqtt:\/\//],
    [{ MQTT_ENABLED: "maybe" }, /MQTT_ENABLED \(env\): expected true or false/],
    [{ PVE_TOKEN_ID: "jarvis" }, /PVE_TOKEN_ID \(env\): expected USER@REALM!TOKENID/],
    [{ PVE_NODES: "[not json" }, /PVE_NODES \(env\): expected a JSON list/],
    [{ PVE_NODES: '[{"name":"pve"}]' }, /PVE_NODES \(env\)/],
    [{ PRESENCE_DEVICES: '[{"mac":"nope","name":"a","owner":"b"}]' }, /PRESENCE_DEVICES \(env\)/],
    [{ QWEN_CONTEXT_WINDOW: "12" }, /QWEN_CONTEXT_WINDOW \(env\): expected a whole number from 512/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL \(env\): expected one of trace, debug/],
    [{ JWT_SECRET: "short" }, /JWT_SECRET \(env\): expected a string of at least 16 characters, got \[hidden\]/],
  ])("rejects %o with one line naming the key", (env, message) => {
    const text = configError({ ...noOptions(), ...env });
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });

  it("names the option key and file for a bad add-on option", () => {
    const env = withOptions({ tts_speed: "fast" });
    expect(configError(env)).toMatch(/tts_speed \(.*options\.json\): expected a number from 0\.25 to 4, got "fast"/);
  });

  it("rejects an options file that is not JSON", () => {
    expect(configError(withOptions("{oops"))).toMatch(/options\.json: not valid JSON/);
  });

  it("never shows a secret's value in an error", () => {
    const text = configError({ ...noOptions(), JWT_SECRET: "tiny-secret" });
    expect(text).not.toContain("tiny-secret");
  });

  it("is frozen all the way down", () => {
    const { config } = loadConfig({ ...noOptions(), PVE_NODES: '[{"name":"a","host":"127.0.0.1"}]' });
    expect(() => {
      (config.server as { port: number }).port = 1;
    }).toThrow();
    expect(Object.isFrozen(config.integrations.proxmox)).toBe(true);
  });

  it("lists secrets for redaction", () => {
    const { secretValues } = loadConfig({ ...noOptions(), ANTHROPIC_API_KEY: "sk-ant-xyz", FRIGATE_URL: "http://127.0.0.1" });
    expect(secretValues).toEqual(["sk-ant-xyz"]);
  });

  it("declares every option key once", () => {
    const keys = Object.values(SETTINGS).flatMap((s) => ("option" in s && s.option ? [s.option] : []));
    expect(new Set(keys).size).toBe(keys.length);
    const envs = Object.values(SETTINGS).map((s) => s.env);
    expect(new Set(envs).size).toBe(envs.length);
  });
});

describe("README", () => {
  it("documents every setting's env var", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
    const missing = Object.values(SETTINGS)
      .map((s) => s.env)
      .filter((env) => !readme.includes(`\`${env}\``));
    expect(missing).toEqual([]);
  });

  it("shows each setting's real default in the table", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
    const shown = new Map(
      [...readme.matchAll(/^\| `([A-Z_]+)` \| [^|]* \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim().replace(/^`|`$/g, "")]),
    );
    const format = (v: unknown) =>
      v === undefined || (Array.isArray(v) && v.length === 0) ? "unset" : Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : String(v);
    const wrong = Object.values(SETTINGS)
      .filter((s) => shown.get(s.env) !== format(s.default))
      .map((s) => `${s.env}: README says ${shown.get(s.env)}, the default is ${format(s.default)}`);
    expect(wrong).toEqual([]);
  });
});
