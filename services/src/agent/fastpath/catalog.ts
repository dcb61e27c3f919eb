// The names the fast path resolves against, from the clients' own caches: HA entities the household exposed,
// Proxmox guests from the cached cluster resources, and the configured nodes.
import type { Clients } from "../../clients/build.js";
import type { Catalog, CatalogEntity, CatalogGuest } from "./slots.js";

const ENTITY_TTL_MS = 10_000;

export class ClientCatalog implements Catalog {
  private entityCache: { at: number; value: Promise<CatalogEntity[]> } | null = null;

  constructor(
    private readonly clients: Pick<Clients, "homeAssistant" | "proxmox">,
    private readonly nodeNames: readonly string[],
  ) {}

  entities(): Promise<CatalogEntity[]> {
    const ha = this.clients.homeAssistant;
    if (!ha) return Promise.resolve([]);
    if (!this.entityCache || Date.now() - this.entityCache.at > ENTITY_TTL_MS) {
      const value = ha
        .exposedEntities()
        .then((list) => list.map((e) => ({ id: e.entity_id, name: e.name, domain: e.domain })))
        .catch(() => {
          this.entityCache = null; // an HA that is down now may be up on the next turn
          return [];
        });
      this.entityCache = { at: Date.now(), value };
    }
    return this.entityCache.value;
  }

  async guests(): Promise<CatalogGuest[]> {
    const pve = this.clients.proxmox;
    if (!pve) return [];
    const resources = await pve.resources("vm").catch(() => []);
    return resources.flatMap((r) =>
      (r.type === "qemu" || r.type === "lxc") && r.vmid !== undefined && r.template !== 1 ? [{ vmid: r.vmid, name: r.name ?? "", kind: r.type }] : [],
    );
  }

  async nodes(): Promise<string[]> {
    return [...this.nodeNames];
  }
}
