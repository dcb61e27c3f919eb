// The names the fast path resolves against, from the clients' own caches: the HA entities the household
// exposed (with their aliases, device and area, the area being the entity's own or else its device's), HA's
// areas, the Proxmox guests, nodes and storages from the cached cluster resources, and Frigate's cameras.
// Lists keep their identity while nothing changed, so the vocabulary built from them is built once.
import type { Clients } from "../../clients/build.js";
import type { ClusterResource } from "../../clients/proxmox/types.js";

export interface CatalogEntity {
  id: string;
  name: string;
  domain: string;
  aliases?: readonly string[];
  area?: string;
  device?: string;
  deviceClass?: string;
}

export interface CatalogArea {
  name: string;
  aliases?: readonly string[];
}

export interface CatalogGuest {
  vmid: number;
  name: string;
  kind: "qemu" | "lxc";
  node?: string;
  /** Proxmox tags ("dns", "media"): "the dns container" names the guest tagged dns. */
  tags?: readonly string[];
}

export interface CatalogStorage {
  storage: string;
  node: string;
  content: string;
  shared: boolean;
}

export interface LiveState {
  state: string;
  attributes: Record<string, unknown>;
}

/** What the fast path may resolve names against; every list is read from caches, never fetched per word. */
export interface Catalog {
  entities(): Promise<CatalogEntity[]>;
  areas(): Promise<CatalogArea[]>;
  guests(): Promise<CatalogGuest[]>;
  nodes(): Promise<string[]>;
  storages(): Promise<CatalogStorage[]>;
  cameras(): Promise<string[]>;
  /** An entity's current state, for choices that depend on it (the player that is playing). */
  state(entityId: string): LiveState | undefined;
}

const DIRECTORY_TTL_MS = 10_000;
const CAMERAS_TTL_MS = 60_000;

type Timed<T> = { at: number; value: Promise<T> } | null;

export class ClientCatalog implements Catalog {
  private directory: Timed<{ entities: CatalogEntity[]; areas: CatalogArea[] }> = null;
  private cameraList: Timed<string[]> = null;
  private readonly derived = new WeakMap<ClusterResource[], unknown>();

  constructor(
    private readonly clients: Pick<Clients, "homeAssistant" | "proxmox"> & Partial<Pick<Clients, "frigate">>,
    private readonly nodeNames: readonly string[],
  ) {}

  async entities(): Promise<CatalogEntity[]> {
    return (await this.home()).entities;
  }

  async areas(): Promise<CatalogArea[]> {
    return (await this.home()).areas;
  }

  async guests(): Promise<CatalogGuest[]> {
    return this.fromResources("vm", (list) =>
      list.flatMap((r) =>
        (r.type === "qemu" || r.type === "lxc") && r.vmid !== undefined && r.template !== 1
          ? [{ vmid: r.vmid, name: r.name ?? "", kind: r.type, node: r.node, tags: (r.tags ?? "").split(/[;, ]+/).filter(Boolean) }]
          : [],
      ),
    );
  }

  async storages(): Promise<CatalogStorage[]> {
    return this.fromResources("storage", (list) =>
      list.flatMap((r) => (r.type === "storage" && r.storage && r.node ? [{ storage: r.storage, node: r.node, content: r.content ?? "", shared: r.shared === 1 }] : [])),
    );
  }

  async nodes(): Promise<string[]> {
    return [...this.nodeNames];
  }

  cameras(): Promise<string[]> {
    const frigate = this.clients.frigate;
    if (!frigate) return Promise.resolve([]);
    if (!this.cameraList || Date.now() - this.cameraList.at > CAMERAS_TTL_MS) {
      const value = frigate
        .cameras()
        .then((list) => list.filter((c) => c.enabled !== false).map((c) => c.name))
        .catch(() => {
          this.cameraList = null;
          return [];
        });
      this.cameraList = { at: Date.now(), value };
    }
    return this.cameraList.value;
  }

  state(entityId: string) {
    const e = this.clients.homeAssistant?.entity(entityId);
    return e ? { state: e.state, attributes: e.attributes } : undefined;
  }

  private home(): Promise<{ entities: CatalogEntity[]; areas: CatalogArea[] }> {
    const ha = this.clients.homeAssistant;
    if (!ha) return Promise.resolve({ entities: [], areas: [] });
    if (!this.directory || Date.now() - this.directory.at > DIRECTORY_TTL_MS) {
      const value = ha
        .assistDirectory()
        .then((d) => ({
          entities: d.entities.map((e) => ({
            id: e.entity_id,
            name: e.name,
            domain: e.domain,
            aliases: e.aliases,
            ...(e.area ? { area: e.area } : {}),
            ...(e.device ? { device: e.device } : {}),
            ...(e.device_class ? { deviceClass: e.device_class } : {}),
          })),
          areas: d.areas,
        }))
        .catch(() => {
          this.directory = null; // an HA that is down now may be up on the next turn
          return { entities: [], areas: [] };
        });
      this.directory = { at: Date.now(), value };
    }
    return this.directory.value;
  }

  /** A list derived from the client's cached resources, made again only when the client read them again. */
  private async fromResources<T>(type: "vm" | "storage", make: (list: ClusterResource[]) => T[]): Promise<T[]> {
    const pve = this.clients.proxmox;
    if (!pve) return [];
    const resources = await pve.resources(type).catch(() => null);
    if (!resources) return [];
    let value = this.derived.get(resources) as T[] | undefined;
    if (!value) this.derived.set(resources, (value = make(resources)));
    return value;
  }
}
