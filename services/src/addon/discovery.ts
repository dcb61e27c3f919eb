// At start the add-on tells Home Assistant what it serves, through the Supervisor's discovery API: `jarvis`
// ({host, port, token}) opens the Jarvis integration's config flow, `wyoming` ({uri: "tcp://host:port"}) HA's own
// Wyoming integration, and `mcp` ({url}) HA's MCP integration, so HA's own agents get Jarvis's tools under
// Jarvis's tiers. HA's MCP flow reads nothing but the URL, so the MCP token rides in it as `access_token`. The host is the add-on's name on HA's internal network, from /addons/self/info. The
// Supervisor keeps one message per service and add-on, so announcing again at every start is harmless. Calls
// that fail for a passing reason are retried with backoff; a failure is logged and never stops Jarvis.
import { setTimeout as sleep } from "node:timers/promises";
import { ClientError } from "../clients/errors.js";
import type { Config } from "../config/index.js";
import type { Logger } from "../log.js";
import { SupervisorApi } from "./supervisor.js";

export interface RetryPolicy {
  /** Tries per call, the first included. */
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export interface DiscoveryOptions {
  token: string;
  /** http://supervisor unless a test points it elsewhere. */
  baseUrl?: string;
  /** The port the HTTP/WS/MCP server listens on inside the container. */
  httpPort: number;
  /** The Wyoming server's port, or null while none listens (then nothing is announced for it). */
  wyomingPort: number | null;
  /** Handed to the integration in the `jarvis` config, so its setup needs no typing. */
  integrationToken: string;
  /** Handed to HA's MCP integration in the `mcp` URL; none: MCP is not announced. */
  mcpToken?: string;
  retry?: Partial<RetryPolicy>;
}

export interface DiscoveryOutcome {
  hostname: string | null;
  /** Service -> the uuid the Supervisor gave its message. */
  announced: Record<string, string>;
  /** Service -> why it was not announced. */
  failed: Record<string, string>;
}

// About four minutes in all: long enough for a Supervisor that restarts with us.
const DEFAULT_RETRY: RetryPolicy = { attempts: 8, firstDelayMs: 1_000, maxDelayMs: 60_000 };

const passing = (err: ClientError) =>
  err.kind === "unreachable" || err.kind === "timeout" || (err.status !== undefined && err.status >= 500);

export class AddonDiscovery {
  /** Settles (never rejects) when every announcement succeeded, failed for good, or close() stopped it. */
  readonly done: Promise<DiscoveryOutcome>;
  private readonly api: SupervisorApi;
  private readonly retry: RetryPolicy;
  private readonly stopping = new AbortController();

  constructor(
    private readonly opts: DiscoveryOptions,
    private readonly log: Logger,
  ) {
    this.api = new SupervisorApi({ token: opts.token, baseUrl: opts.baseUrl });
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.done = this.run();
  }

  async close(): Promise<void> {
    this.stopping.abort();
    await this.done;
    await this.api.close();
  }

  /** The services to announce: Wyoming only while its server listens, MCP only with a token. */
  private services(): string[] {
    return ["jarvis", ...(this.opts.wyomingPort === null ? [] : ["wyoming"]), ...(this.opts.mcpToken ? ["mcp"] : [])];
  }

  /** The `config` each integration reads: Jarvis's {host, port, token}; Wyoming's and MCP's config_flow.py read {uri} and {url}. */
  private configFor(service: string, hostname: string): Record<string, unknown> {
    switch (service) {
      case "jarvis":
        return { host: hostname, port: this.opts.httpPort, token: this.opts.integrationToken };
      case "wyoming":
        return { uri: `tcp://${hostname}:${this.opts.wyomingPort}` };
      default:
        return { url: `http://${hostname}:${this.opts.httpPort}/mcp?access_token=${encodeURIComponent(this.opts.mcpToken ?? "")}` };
    }
  }

  private async run(): Promise<DiscoveryOutcome> {
    const outcome: DiscoveryOutcome = { hostname: null, announced: {}, failed: {} };
    let hostname: string;
    try {
      const info = await this.attempt("read the add-on's hostname", () =>
        this.api.call<{ hostname?: unknown }>("GET", "/addons/self/info", undefined, this.stopping.signal),
      );
      if (typeof info.hostname !== "string" || info.hostname === "") {
        throw new ClientError("Supervisor", "upstream", "/addons/self/info carries no hostname");
      }
      hostname = outcome.hostname = info.hostname;
    } catch (err) {
      const why = this.explain(err);
      for (const service of this.services()) outcome.failed[service] = why;
      this.log.error(
        { err: why },
        "add-on discovery: could not learn the add-on's hostname; Home Assistant will not offer Jarvis by itself",
      );
      return outcome;
    }
    for (const service of this.services()) {
      const config = this.configFor(service, hostname);
      try {
        const { uuid } = await this.attempt(`announce ${service}`, () =>
          this.api.call<{ uuid: string }>("POST", "/discovery", { service, config }, this.stopping.signal),
        );
        outcome.announced[service] = uuid;
        this.log.info({ service, config: loggable(config), uuid }, `announced ${service} to Home Assistant`);
      } catch (err) {
        outcome.failed[service] = this.explain(err);
        this.log.error(
          { service, config: loggable(config), err: outcome.failed[service] },
          `add-on discovery: could not announce ${service}`,
        );
      }
    }
    return outcome;
  }

  /** Runs `call`, retrying passing failures with doubling delays; stops waiting as soon as close() is called. */
  private async attempt<T>(what: string, call: () => Promise<T>): Promise<T> {
    let delay = this.retry.firstDelayMs;
    for (let tries = 1; ; tries++) {
      try {
        return await call();
      } catch (err) {
        if (this.stopping.signal.aborted) throw new Error("stopped before it finished");
        if (!(err instanceof ClientError) || !passing(err) || tries >= this.retry.attempts) throw err;
        this.log[tries === 1 ? "warn" : "debug"](
          { err: err.explain(), retryMs: delay, attempt: tries },
          `add-on discovery: could not ${what}, trying again`,
        );
        await sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => {});
        if (this.stopping.signal.aborted) throw new Error("stopped before it finished");
        delay = Math.min(delay * 2, this.retry.maxDelayMs);
      }
    }
  }

  private explain(err: unknown): string {
    return err instanceof ClientError ? err.explain() : err instanceof Error ? err.message : String(err);
  }
}

/** The MCP URL names its token: the log shows the URL without it (the logger hides known secrets too). */
function loggable(config: Record<string, unknown>): Record<string, unknown> {
  return typeof config.url === "string" ? { ...config, url: config.url.replace(/access_token=[^&]*/, "access_token=[hidden]") } : config;
}

/** Starts announcing when Jarvis runs as the add-on (it has a SUPERVISOR_TOKEN); null otherwise. */
export function startAddonDiscovery(
  config: Config,
  log: Logger,
  ports: { http: number; wyoming: number | null },
  tokens: { integration: string; mcp?: string },
  baseUrl?: string,
): AddonDiscovery | null {
  if (!config.inAddon || config.homeAssistant?.kind !== "supervisor") return null;
  return new AddonDiscovery(
    { token: config.homeAssistant.token, baseUrl, httpPort: ports.http, wyomingPort: ports.wyoming, integrationToken: tokens.integration, mcpToken: tokens.mcp },
    log,
  );
}
