// The live state of each integration, for /api/health and the UI. Starts from the config (off, or configured
// and not yet checked); clients report up/down as they connect and fail.
import { EventEmitter } from "node:events";
import { INTEGRATIONS, type Config, type IntegrationName } from "./config/index.js";

export type IntegrationState = "off" | "configured" | "up" | "down";

export interface IntegrationReport {
  state: IntegrationState;
  detail: string;
  since: string;
}

export class IntegrationStatus extends EventEmitter<{ change: [IntegrationName, IntegrationReport] }> {
  private readonly reports = new Map<IntegrationName, IntegrationReport>();

  constructor(config: Config) {
    super();
    const since = new Date().toISOString();
    for (const name of INTEGRATIONS) {
      const setup = config.integrations[name];
      this.reports.set(name, { state: setup.enabled ? "configured" : "off", detail: setup.reason, since });
    }
  }

  /** Records a change; an integration that is off stays off (it has no client to report). */
  set(name: IntegrationName, state: Exclude<IntegrationState, "off">, detail: string): void {
    const current = this.reports.get(name);
    if (!current || current.state === "off") return;
    if (current.state === state && current.detail === detail) return;
    const report = { state, detail, since: state === current.state ? current.since : new Date().toISOString() };
    this.reports.set(name, report);
    this.emit("change", name, report);
  }

  get(name: IntegrationName): IntegrationReport {
    return this.reports.get(name)!;
  }

  snapshot(): Record<IntegrationName, IntegrationReport> {
    return Object.fromEntries(this.reports) as Record<IntegrationName, IntegrationReport>;
  }
}
