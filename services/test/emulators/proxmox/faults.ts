// Trouble in the emulated cluster, each the way a real Proxmox node shows it: a guest dying on its own (no
// task; status stopped) against one stopped by a person (a task by their user), a scheduled backup failing
// (a vzdump task with its log, and the notification Proxmox sends), a node service failing, a node running
// hot, a storage filling up. Nodes going down are the emulator's nodeDown/nodeUp.
import type { ClusterState, Guest, PowerAction, PveNotification } from "./cluster.js";

const GiB = 1024 ** 3;
const stamp = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");
const pad = (s: string, n: number) => s.padEnd(n);

export class Faults {
  constructor(private readonly cluster: ClusterState) {}

  private guest(vmid: number): Guest {
    const g = this.cluster.guests.get(vmid);
    if (!g) throw new Error(`no emulated guest ${vmid}`);
    return g;
  }

  /** The guest stops on its own (QEMU exits, the container's init dies): no task records it. */
  crash(vmid: number): void {
    const g = this.guest(vmid);
    if (g.status === "running") this.cluster.setRunning(g, false);
  }

  /** From now on the guest crashes this long after each start (`times` crashes at most); null cures it. */
  crashAfterStart(vmid: number, ms: number | null, times = Infinity): void {
    this.guest(vmid);
    if (ms === null) this.cluster.crashPlans.delete(vmid);
    else this.cluster.crashPlans.set(vmid, { afterMs: ms, times });
  }

  /** A person stops the guest from Proxmox's own UI or `qm`: a task under their user. Resolves with its UPID. */
  stopByPerson(vmid: number, opts: { user?: string; action?: Extract<PowerAction, "stop" | "shutdown"> } = {}): string {
    const g = this.guest(vmid);
    return this.cluster.power(g.node, g.kind, vmid, opts.action ?? "shutdown", opts.user ?? "root@pam");
  }

  /**
   * A scheduled backup of the guest fails on its node: a vzdump task by root@pam with the worker's log, ending
   * in "job errors"; when it ends Proxmox sends its vzdump notification (severity error). Returns the UPID.
   */
  failBackup(vmid: number, opts: { storage?: string; error?: string; jobId?: string } = {}): string {
    const g = this.guest(vmid);
    const storage = opts.storage ?? "nas-backup";
    const error = opts.error ?? `unable to create temporary directory '/mnt/pve/${storage}/dump/vzdump-${g.kind}-${vmid}.tmp' - Read-only file system`;
    const started = new Date();
    const log = [
      `INFO: starting new backup job: vzdump ${vmid} --mode snapshot --storage ${storage} --compress zstd --notes-template '{{guestname}}' --node ${g.node}`,
      `INFO: Starting Backup of VM ${vmid} (${g.kind})`,
      `INFO: Backup started at ${stamp(started)}`,
      `INFO: status = ${g.status}`,
      `INFO: backup mode: ${g.status === "running" ? "snapshot" : "stop"}`,
      "INFO: ionice priority: 7",
      `INFO: ${g.kind === "lxc" ? "CT" : "VM"} Name: ${g.name}`,
      `ERROR: Backup of VM ${vmid} failed - ${error}`,
      `INFO: Failed at ${stamp(new Date(started.getTime() + 1_000))}`,
      "INFO: Backup job finished with errors",
    ];
    return this.cluster.tasks.start(
      g.node,
      "vzdump",
      String(vmid),
      "root@pam",
      () => {
        this.cluster.later(0, () => this.cluster.notify(this.vzdumpNotification(g, log, opts.jobId ?? "backup-3f2a9c1e")));
        return "job errors";
      },
      () => log,
    );
  }

  /** The notification Proxmox renders for a failed backup job (pve-manager's vzdump templates, text form). */
  private vzdumpNotification(g: Guest, log: string[], jobId: string): PveNotification {
    const table = [
      `${pad("VMID", 6)}${pad("Name", 14)}${pad("Status", 8)}${pad("Time", 6)}${pad("Size", 8)}Filename`,
      `${pad(String(g.vmid), 6)}${pad(g.name, 14)}${pad("err", 8)}${pad("1s", 6)}${pad("0 B", 8)}`,
    ].join("\n");
    const logs = log.map((l) => (l.startsWith("INFO: starting new") ? l.slice(6) : `${g.vmid}: ${stamp(new Date())} ${l}`)).join("\n");
    return {
      severity: "error",
      title: `vzdump backup status (${g.node}.home.arpa): backup failed`,
      message: `Details\n=======\n${table}\n\nTotal running time: 1s\nTotal size: 0 B\n\nLogs\n====\n${logs}\n`,
      fields: { type: "vzdump", hostname: g.node, "job-id": jobId },
    };
  }

  /** Sends any notification as Proxmox would (fencing, replication, package updates...). */
  notify(n: PveNotification): void {
    this.cluster.notify(n);
  }

  /** A node's service fails (systemd ActiveState "failed"); restarting it through the API heals it. */
  failService(node: string, service: string): void {
    this.cluster.node(node);
    this.cluster.services.fail(node, service);
  }

  /** The node runs hot: CPU load 0..1 and, where the node exposes sensors, this package temperature. */
  heat(node: string, opts: { celsius: number; cpu?: number } | null): void {
    const n = this.cluster.node(node);
    if (opts === null) delete n.heat;
    else n.heat = { celsius: opts.celsius, cpu: opts.cpu ?? 0.97 };
  }

  /** A storage holds this much (GiB); the other storages keep theirs. */
  fillStorage(storage: string, usedGiB: number): void {
    const s = this.cluster.storages.find((x) => x.storage === storage);
    if (!s) throw new Error(`no emulated storage ${storage}`);
    s.usedGiB = usedGiB;
  }

  /** Adds a backup of a guest on a storage (the history a full backup storage has), `daysAgo` days old. */
  addBackup(storage: string, vmid: number, daysAgo: number, sizeGiB: number): void {
    this.cluster.backups.push({ storage, vmid, daysAgo, sizeMiB: Math.round((sizeGiB * GiB) / 1024 ** 2) });
    const s = this.cluster.storages.find((x) => x.storage === storage);
    if (s) s.usedGiB += sizeGiB;
  }
}
