// Reads the add-on's options.json, then env vars (env wins), validates every setting and returns one frozen
// Config. Any bad value stops start-up with a line per bad key: which key, where it came from, what was
// expected and what was given (secrets shown as [hidden]).
import { existsSync, readFileSync } from "node:fs";
import { buildConfig, type Config } from "./config.js";
import { SECRET_KEYS, SETTINGS, type Setting, type SettingKey, type Values } from "./settings.js";

export const DEFAULT_OPTIONS_PATH = "/data/options.json";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export interface LoadedConfig {
  config: Config;
  /** Things worth a log line that do not stop start-up (unknown option keys). */
  warnings: string[];
  /** Values of the secret settings that are set, for the log redactor. */
  secretValues: string[];
}

type Env = Record<string, string | undefined>;

function readOptions(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`${file}: expected a JSON object of add-on options`);
  }
  return parsed as Record<string, unknown>;
}

function show(raw: unknown, secret: boolean): string {
  if (secret) return "[hidden]";
  if (typeof raw === "symbol") return "text that is not valid JSON";
  const text = typeof raw === "string" ? JSON.stringify(raw) : JSON.stringify(raw) ?? String(raw);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function loadConfig(env: Env = process.env): LoadedConfig {
  const optionsPath = env.JARVIS_OPTIONS_PATH ?? DEFAULT_OPTIONS_PATH;
  const options = readOptions(optionsPath) ?? {};
  const errors: string[] = [];
  const values: Record<string, unknown> = {};

  for (const [key, setting] of Object.entries(SETTINGS) as [SettingKey, Setting][]) {
    const envText = env[setting.env];
    const optionValue = setting.option ? options[setting.option] : undefined;
    let raw: unknown;
    let source: string;
    if (envText !== undefined && envText !== "") {
      raw = setting.kind.fromEnv(envText);
      source = `${setting.env} (env)`;
    } else if (optionValue !== undefined && optionValue !== null && optionValue !== "") {
      raw = optionValue;
      source = `${setting.option} (${optionsPath})`;
    } else {
      values[key] = setting.default;
      continue;
    }
    const result = setting.kind.schema.safeParse(raw);
    if (result.success) values[key] = result.data;
    else
      errors.push(
        `${source}: expected ${setting.kind.expected}, got ${show(envText ?? raw, setting.secret === true)}`,
      );
  }
  if (errors.length > 0) throw new ConfigError(`invalid configuration: ${errors.join("; ")}`);

  const known = new Set(Object.values(SETTINGS).map((s: Setting) => s.option));
  const warnings = Object.keys(options)
    .filter((k) => !known.has(k))
    .map((k) => `${optionsPath}: unknown option "${k}" ignored`);

  const typed = values as Values;
  // The Supervisor sets SUPERVISOR_TOKEN and writes /data/options.json; either means we run as the add-on.
  const inAddon = typed.supervisorToken !== undefined || (optionsPath === DEFAULT_OPTIONS_PATH && existsSync(optionsPath));
  const secretValues = SECRET_KEYS.map((k) => typed[k]).filter((v): v is string => typeof v === "string");
  return { config: deepFreeze(buildConfig(typed, inAddon)), warnings, secretValues };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
