// A fresh `npm start` has no JARVIS_PASSWORD or JWT_SECRET. Rather than run open or refuse to start, Jarvis
// makes them once and keeps them in the data dir (mode 0600): tokens survive restarts, and the person reads
// the password from a file instead of from the log.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "./config.js";

export interface Credentials {
  password: string;
  jwtSecret: string;
  /** What the HA integration shows on /api/ws; discovery hands it to HA, so nobody has to type it. */
  integrationToken: string;
  /**
   * What MCP clients may show on /mcp (MCP_API_TOKEN, else one made and kept like the others): discovery hands
   * it to HA's MCP integration. Not listed in `generated`: a household that never uses MCP needs no log line.
   */
  mcpToken: string;
  /** Files made or read in place of unset settings, for one log line each. */
  generated: { setting: string; file: string }[];
}

function keptSecret(file: string, make: () => string): string {
  if (existsSync(file)) {
    const kept = readFileSync(file, "utf8").trim();
    if (kept.length >= 16) return kept;
  }
  const value = make();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

export function resolveCredentials(config: Config): Credentials {
  const generated: Credentials["generated"] = [];
  const fill = (setting: string, given: string | undefined, fileName: string, make: () => string) => {
    if (given !== undefined) return given;
    const file = path.join(config.server.dataDir, fileName);
    generated.push({ setting, file });
    return keptSecret(file, make);
  };
  return {
    password: fill("JARVIS_PASSWORD", config.auth.password, "initial-password", () =>
      randomBytes(12).toString("base64url"),
    ),
    jwtSecret: fill("JWT_SECRET", config.auth.jwtSecret, ".jwt-secret", () => randomBytes(48).toString("base64url")),
    integrationToken: fill("INTEGRATION_TOKEN", config.auth.integrationToken, "integration-token", () => randomBytes(32).toString("base64url")),
    mcpToken: config.auth.mcpApiToken ?? keptSecret(path.join(config.server.dataDir, "mcp-token"), () => randomBytes(32).toString("base64url")),
    generated,
  };
}
