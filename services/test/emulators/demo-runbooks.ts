// The demo's runbook story: a guest that crashes a minute after it starts. The demo starts it as Jarvis comes
// up; it dies on its own (no task), the cluster monitor sees it stop, and the guest_crash runbook (on in the
// demo) starts it again; the card's events say so. Wake-on-LAN goes to the emulated nodes' cards on 127.0.0.1.
import type { HomeLab } from "./home-lab.js";

/** k3s-node: stopped in the seed, so its start is the demo's own. */
export const CRASHING_GUEST = 107;

export function demoRunbooks(lab: HomeLab, opts: { crashAfterMs?: number } = {}) {
  const pve = lab.proxmox;
  return {
    env: {
      RUNBOOKS: JSON.stringify([{ runbook: "guest_crash", max_per_hour: 3 }, { runbook: "node_down" }, { runbook: "backup_failed" }]),
      PVE_NODES: JSON.stringify(pve.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port, fingerprint: pve.fingerprint, mac: pve.cluster.node(n.name).mac }))),
      WOL_ADDRESS: "127.0.0.1",
      WOL_PORT: String(pve.wolPort),
    },
    /** Starts the guest now; it crashes once, `crashAfterMs` later (a minute by default), and then stays up. */
    begin(): void {
      pve.faults.crashAfterStart(CRASHING_GUEST, opts.crashAfterMs ?? 60_000, 1);
      pve.cluster.setRunning(pve.cluster.guests.get(CRASHING_GUEST)!, true);
    },
  };
}
