export { loadConfig, ConfigError, DEFAULT_OPTIONS_PATH, type LoadedConfig } from "./load.js";
export { INTEGRATIONS, DEFAULT_MAX_PER_HOUR, type Config, type IntegrationName, type IntegrationSetup, type RunbookOptions } from "./config.js";
export { SETTINGS, SECRET_KEYS, RUNBOOK_IDS, type Setting, type ProxmoxNode, type PresenceDevice } from "./settings.js";
