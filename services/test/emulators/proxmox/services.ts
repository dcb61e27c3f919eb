// The systemd services Proxmox lists per node (GET /nodes/{node}/services): its own daemons and the few
// system ones it manages, each with systemd's ActiveState and SubState. A service can be failed (Faults) and
// restarted through the API (a "srvrestart" task), which makes it active again.

/** The service ids Proxmox's API accepts (its enum), with the descriptions its list shows. */
export const PVE_SERVICES: Readonly<Record<string, string>> = {
  chrony: "chrony, an NTP client/server",
  corosync: "Corosync Cluster Engine",
  cron: "Regular background program processing daemon",
  ksmtuned: "Kernel Samepage Merging (KSM) Tuning Daemon",
  lxcfs: "FUSE filesystem for LXC",
  postfix: "Postfix Mail Transport Agent (instance -)",
  "proxmox-firewall": "Proxmox nftables firewall",
  "pve-cluster": "The Proxmox VE cluster filesystem",
  "pve-firewall": "Proxmox VE firewall",
  "pve-ha-crm": "PVE Cluster HA Resource Manager Daemon",
  "pve-ha-lrm": "PVE Local HA Resource Manager Daemon",
  "pve-lxc-syscalld": "Proxmox VE LXC Syscall Daemon",
  pvedaemon: "PVE API Daemon",
  "pvefw-logger": "Proxmox VE firewall logger",
  pveproxy: "PVE API Proxy Server",
  pvescheduler: "Proxmox VE scheduler",
  pvestatd: "PVE Status Daemon",
  qmeventd: "PVE Qemu Event Daemon",
  spiceproxy: "PVE SPICE Proxy Server",
  sshd: "OpenBSD Secure Shell server",
  syslog: "System Logging Service",
  "systemd-journald": "Journal Service",
  "systemd-timesyncd": "Network Time Synchronization",
};

/** Not running on a standard node (chrony replaces timesyncd; the nftables firewall is opt-in). */
const INACTIVE = new Set(["systemd-timesyncd", "proxmox-firewall"]);

export class NodeServices {
  /** node -> failed services. Everything else is in its normal state. */
  private readonly failed = new Map<string, Set<string>>();

  fail(node: string, service: string): void {
    if (!(service in PVE_SERVICES)) throw new Error(`no Proxmox service ${service}`);
    this.failed.set(node, (this.failed.get(node) ?? new Set()).add(service));
  }

  restore(node: string, service: string): void {
    this.failed.get(node)?.delete(service);
  }

  list(node: string) {
    return Object.keys(PVE_SERVICES).map((service) => this.state(node, service));
  }

  state(node: string, service: string) {
    const failed = this.failed.get(node)?.has(service) === true;
    const inactive = INACTIVE.has(service);
    return {
      service,
      name: service,
      desc: PVE_SERVICES[service]!,
      state: failed ? "failed" : inactive ? "dead" : "running",
      "active-state": failed ? "failed" : inactive ? "inactive" : "active",
      "unit-state": inactive ? "disabled" : "enabled",
    };
  }
}
