// lifecycle: start, stop, restart and snapshot guests. Starting and snapshotting are small and reversible
// (YELLOW); stopping and restarting interrupt whatever runs inside (ORANGE); rolling back or deleting a
// snapshot destroys state (RED). The guests that run Home Assistant or Jarvis are protected: nothing that
// could take them down ever runs (BLACK). Each call waits for its Proxmox task and reports how it ended.
import { z } from "zod";
import type { ProxmoxClient } from "../clients/proxmox/client.js";
import type { GuestKind, PowerAction } from "../clients/proxmox/types.js";
import type { Tier } from "./tiers.js";
import { defineTool, type TierFacts, type ToolDef, type ToolRunContext } from "./tool.js";

const TASK_WAIT_MS = 90_000;
const guest = { vmid: z.int().min(100).max(999_999_999).describe("Guest id"), node: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/).optional() };
const snapshotName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{1,39}$/, "a snapshot name: a letter, then 1-39 letters, digits, _ or -");

/** A protected guest may be started or snapshotted; anything that could stop it is never allowed. */
const protect = (disruptive: boolean) => (a: { vmid: number }, facts: TierFacts): Tier =>
  disruptive && facts.protectedGuests.has(a.vmid) ? "BLACK" : "GREEN";

export function lifecycleTools(pve: ProxmoxClient): ToolDef[] {
  const label = (kind: GuestKind) => (kind === "qemu" ? "VM" : "container");
  /** "VM 102 (docker-host)": a person approves what they recognise; the id alone when the guest is not known yet. */
  const named = (vmid: number, kind?: GuestKind) => {
    const known = pve.knownGuest(vmid);
    const what = kind ?? known?.kind;
    return `${what ? label(what) : "guest"} ${vmid}${known?.name ? ` (${known.name})` : ""}`;
  };

  async function finish(upid: string, what: string, ctx: ToolRunContext) {
    const started = Date.now();
    ctx.progress({ upid, status: "running", elapsed_ms: 0, what });
    const status = await pve.waitForTask(upid, {
      timeoutMs: TASK_WAIT_MS,
      onProgress: (p) => ctx.progress({ upid, status: p.status, elapsed_ms: p.elapsedMs, what }),
    });
    return { done: what, result: status.exitstatus ?? status.status, took_s: Math.round((Date.now() - started) / 100) / 10, upid };
  }

  const power = (name: string, kind: GuestKind, action: PowerAction, tier: Tier, text: string) =>
    defineTool({
      name,
      category: "lifecycle",
      description: `${text} (${label(kind)}).`,
      input: z.object(guest),
      tier,
      raise: protect(action !== "start"),
      summarize: (a) => `${action[0]!.toUpperCase()}${action.slice(1)} ${named(a.vmid, kind)}${a.node ? ` on ${a.node}` : ""}`,
      timeoutMs: TASK_WAIT_MS + 15_000,
      handler: async (a, ctx) => {
        const upid = await pve.power({ vmid: a.vmid, node: a.node, kind }, action);
        return finish(upid, `${action} ${label(kind)} ${a.vmid}`, ctx);
      },
    });

  return [
    power("start_vm", "qemu", "start", "YELLOW", "Start a virtual machine"),
    power("start_container", "lxc", "start", "YELLOW", "Start a container"),
    power("shutdown_vm", "qemu", "shutdown", "ORANGE", "Shut a virtual machine down cleanly (ACPI)"),
    power("stop_vm", "qemu", "stop", "ORANGE", "Stop a virtual machine at once, like pulling the plug"),
    power("restart_vm", "qemu", "reboot", "ORANGE", "Reboot a virtual machine"),
    power("stop_container", "lxc", "stop", "ORANGE", "Stop a container at once"),
    power("restart_container", "lxc", "reboot", "ORANGE", "Reboot a container"),
    defineTool({
      name: "create_snapshot",
      category: "lifecycle",
      description: "Take a snapshot of a guest (VM or container) so it can be rolled back later.",
      input: z.object({ ...guest, name: snapshotName, description: z.string().max(500).optional() }),
      tier: "YELLOW",
      raise: protect(false),
      summarize: (a) => `Snapshot ${named(a.vmid)} as "${a.name}"`,
      timeoutMs: TASK_WAIT_MS + 15_000,
      handler: async (a, ctx) =>
        finish(await pve.createSnapshot({ vmid: a.vmid, node: a.node }, a.name, { description: a.description }), `snapshot ${a.name} of ${a.vmid}`, ctx),
    }),
    defineTool({
      name: "list_snapshots",
      category: "lifecycle",
      description: "The snapshots of a guest, oldest first.",
      input: z.object(guest),
      tier: "GREEN",
      handler: async (a) =>
        (await pve.snapshots({ vmid: a.vmid, node: a.node }))
          .filter((s) => s.name !== "current")
          .map((s) => ({ name: s.name, description: s.description || undefined, taken: s.snaptime ? new Date(s.snaptime * 1000).toISOString() : undefined, parent: s.parent })),
    }),
    defineTool({
      name: "rollback_snapshot",
      category: "lifecycle",
      description: "Roll a guest back to a snapshot: everything since is lost.",
      input: z.object({ ...guest, name: snapshotName }),
      tier: "RED",
      raise: protect(true),
      summarize: (a) => `Roll ${named(a.vmid)} back to "${a.name}" (later changes are lost)`,
      timeoutMs: TASK_WAIT_MS + 15_000,
      handler: async (a, ctx) => finish(await pve.rollbackSnapshot({ vmid: a.vmid, node: a.node }, a.name), `rollback of ${a.vmid} to ${a.name}`, ctx),
    }),
    defineTool({
      name: "delete_snapshot",
      category: "lifecycle",
      description: "Delete a snapshot of a guest.",
      input: z.object({ ...guest, name: snapshotName }),
      tier: "RED",
      raise: protect(true),
      summarize: (a) => `Delete snapshot "${a.name}" of ${named(a.vmid)}`,
      timeoutMs: TASK_WAIT_MS + 15_000,
      handler: async (a, ctx) => finish(await pve.deleteSnapshot({ vmid: a.vmid, node: a.node }, a.name), `deletion of snapshot ${a.name} of ${a.vmid}`, ctx),
    }),
  ];
}
