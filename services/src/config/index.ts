export { loadConfig, ConfigError, DEFAULT_OPTIONS_PATH, type LoadedConfig } from "./load.js";
export { INTEGRATIONS, type Config, type IntegrationName, type IntegrationSetup } from "./config.js";
export { SETTINGS, SECRET_KEYS, type Setting, type ProxmoxNode, type PresenceDevice } from "./settings.js";
