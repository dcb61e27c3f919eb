// Proxmox VE's webhook notification target (PVE 8.3+, proxmox-notify's webhook endpoint): URL, headers and
// body are Handlebars templates over the notification's title, message, severity, timestamp, metadata fields
// and the target's secrets, with the helpers Proxmox registers (escape, json, url-encode); HTML escaping is
// off, as there. Only loopback URLs are sent to: the emulator never reaches past this machine.
import type { PveNotification } from "./cluster.js";

export interface WebhookTarget {
  url: string;
  method?: "post" | "put" | "get";
  /** As the target's "header" entries: name and (unencoded) value, each a template. */
  headers?: { name: string; value: string }[];
  body?: string;
  /** As the target's "secret" entries, reached in templates as secrets.<name>. */
  secrets?: Record<string, string>;
}

export interface Delivery {
  notification: PveNotification;
  status: number | null;
  error?: string;
}

type Data = Record<string, unknown>;

const lookup = (data: Data, path: string): unknown =>
  path.split(".").reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Data)[key] : undefined), data);

const plain = (v: unknown) => (v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** serde_json's string escaping without the quotes: what Proxmox's `escape` helper writes. */
const escape = (v: unknown) => JSON.stringify(plain(v)).slice(1, -1);

const HELPERS: Record<string, (v: unknown) => string> = {
  escape,
  json: (v) => JSON.stringify(v ?? null),
  "url-encode": (v) => encodeURIComponent(plain(v)),
};

/** `{{ path }}` and `{{ helper path }}` (literals in quotes too): the subset the documented templates use. */
export function renderTemplate(template: string, data: Data): string {
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    const [first, arg] = expr.split(/\s+/, 2) as [string, string | undefined];
    const value = (p: string) => (/^".*"$/.test(p) ? p.slice(1, -1) : lookup(data, p));
    if (arg !== undefined) {
      const helper = HELPERS[first];
      if (!helper) throw new Error(`unknown helper ${first}`);
      return helper(value(arg));
    }
    return plain(value(first));
  });
}

export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private target: WebhookTarget | null = null;

  configure(target: WebhookTarget | null): void {
    if (target) {
      const host = new URL(target.url).hostname;
      if (host !== "127.0.0.1" && host !== "localhost") throw new Error(`the emulator only sends to loopback, not ${host}`);
    }
    this.target = target;
  }

  send(notification: PveNotification): void {
    const target = this.target;
    if (!target) return;
    const task = this.deliver(target, notification);
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  /** Resolves once every notification sent so far has been answered. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private async deliver(target: WebhookTarget, n: PveNotification): Promise<void> {
    const data = { ...n, timestamp: Math.floor(Date.now() / 1000), secrets: target.secrets ?? {} };
    const method = (target.method ?? "post").toUpperCase();
    const headers = Object.fromEntries((target.headers ?? []).map((h) => [h.name, renderTemplate(h.value, data)]));
    const delivery: Delivery = { notification: n, status: null };
    this.deliveries.push(delivery);
    try {
      const res = await fetch(renderTemplate(target.url, data), {
        method,
        headers,
        body: method === "GET" || target.body === undefined ? undefined : renderTemplate(target.body, data),
        signal: AbortSignal.timeout(10_000),
      });
      delivery.status = res.status;
      await res.arrayBuffer();
    } catch (err) {
      delivery.error = err instanceof Error ? err.message : String(err);
    }
  }
}
