// connection/details: what an HA admin needs to connect things to Jarvis, shown on Jarvis's page in HA instead
// of pointing add-on users at files in /data they cannot open: where the Jarvis integration reaches the add-on
// and the token it shows (for when discovery did not hand them to HA), and the login password for the page
// outside ingress when Jarvis generated it. These are secrets: only an HA admin coming through ingress gets
// them (HA shows the add-on's panel to admins only); a password login, the MCP token and users relayed by
// the integration are refused with the reason. Nothing here is logged.
import { hostname } from "node:os";
import { z } from "zod";
import type { DiscoveryOutcome } from "../../addon/discovery.js";
import { ApiError } from "../errors.js";
import { command, isAdmin, type CommandTable, type Session } from "./command.js";

export interface ConnectionDeps {
  /** The token the HA integration authenticates with on /api/ws. */
  integrationToken: string;
  /** The login password when Jarvis generated it (the `password` option is unset); null when it was chosen. */
  generatedPassword: string | null;
  /** The port the HTTP/WS server listens on. */
  port: () => number;
  /** Add-on discovery while Jarvis runs as the add-on (it settles with the hostname and what HA was told); null otherwise. */
  discovery: () => Promise<DiscoveryOutcome> | null;
}

/**
 * How the integration finds Jarvis: `announced` (HA offers it under Devices & services), `failed` (add it by
 * hand; `reason` says why), `pending` (still announcing), `off` (not the add-on: add it by hand).
 */
export type DiscoveryState = "announced" | "failed" | "pending" | "off";

export interface ConnectionDetails {
  integration: { host: string; port: number; token: string; discovery: DiscoveryState; reason?: string };
  password: { generated: true; value: string } | { generated: false };
}

export const NOT_FOR_YOU = "connection details hold secrets: they are shown only to Home Assistant admins, on Jarvis's page in Home Assistant";

/** The outcome if discovery has settled by now; undefined while it is still trying. */
const settled = <T>(p: Promise<T>): Promise<T | undefined> => Promise.race([p, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);

export function connectionCommands(deps: ConnectionDeps): CommandTable {
  return {
    "connection/details": command({
      schema: z.object({}),
      async handle(session: Session): Promise<ConnectionDetails> {
        // The integration's connection relays HA users, so it never counts as the ingress admin itself.
        if (session.principal.kind !== "ingress" || !isAdmin(session.principal)) throw new ApiError("forbidden", NOT_FOR_YOU);
        const running = deps.discovery();
        const outcome = running ? await settled(running) : undefined;
        const discovery: DiscoveryState = !running ? "off" : !outcome ? "pending" : "jarvis" in outcome.announced ? "announced" : "failed";
        const reason = discovery === "failed" ? outcome?.failed.jarvis : undefined;
        return {
          // The add-on's container is named after its hostname on HA's network, so this holds before discovery answers.
          integration: { host: outcome?.hostname ?? hostname(), port: deps.port(), token: deps.integrationToken, discovery, ...(reason ? { reason } : {}) },
          password: deps.generatedPassword === null ? { generated: false } : { generated: true, value: deps.generatedPassword },
        };
      },
    }),
  };
}
