// Guest lifecycle and snapshots: start, shut down, stop, restart; list, take, roll back and delete snapshots.
// VM or container is decided by what the named guest is, and the tool follows from it; the registry's tiers
// hold stops, restarts and anything destructive for approval, and refuse what touches a protected guest.
import { guestName, list } from "../answers.js";
import type { CatalogGuest } from "../catalog.js";
import { onGuest, single } from "./shared.js";
import type { Env, Intent, Outcome, Slots } from "./types.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- answers read tool results by their documented shape */

type Power = "start" | "shutdown" | "stop" | "restart";

const TOOLS: Record<Power, Record<CatalogGuest["kind"], string>> = {
  start: { qemu: "start_vm", lxc: "start_container" },
  // A container has no clean shutdown tool of its own: stopping it is what shutting it down means.
  shutdown: { qemu: "shutdown_vm", lxc: "stop_container" },
  stop: { qemu: "stop_vm", lxc: "stop_container" },
  restart: { qemu: "restart_vm", lxc: "restart_container" },
};
const DONE: Record<Power, string> = { start: "Started", shutdown: "Shut down", stop: "Stopped", restart: "Restarted" };

function power(kind: Power): Intent["build"] {
  return (slots, env) =>
    onGuest(slots, env, (g) => single(TOOLS[kind][g.kind], { vmid: g.vmid }, (d: any) => `${DONE[kind]} ${guestName(g)} (${d.result}).`, { guest: g }));
}

/** A name for a snapshot nobody named: when it was taken. */
function generatedName(now: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `jarvis-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}`;
}

const snapshotCall = (tool: string, say: (g: CatalogGuest, name: string) => string, named: "required" | "generated") => (slots: Slots, env: Env): Outcome => {
  const name = env.snapshotName ?? (named === "generated" ? generatedName(env.now) : undefined);
  if (!name) return { kind: "none", why: "no snapshot name was said" };
  return onGuest(slots, env, (g) => single(tool, { vmid: g.vmid, name }, () => say(g, name), { guest: g }));
};

const LIST_WORDS = "list|show|what|which|are|is|do|does|have|has|there|get|exist|available|existing|taken|many|how|give|check|on";

export const GUEST_INTENTS: readonly Intent[] = [
  {
    id: "start_guest",
    act: true,
    patterns: [{ need: ["start|startup|boot|launch|fire up|spin up|power on|power up|turn on|switch on|bring up|bring online|wake|wake up|start up|boot up|run"], may: "up|back|again|online", guest: "required" }],
    build: power("start"),
  },
  {
    id: "shutdown_guest",
    act: true,
    patterns: [{ need: ["shut down|shutdown|power off|power down|turn off|switch off|shut off|take down|bring down|take offline"], may: "cleanly|gracefully|properly|nicely", guest: "required" }],
    build: power("shutdown"),
  },
  {
    id: "stop_guest",
    act: true,
    patterns: [{ need: ["stop|kill|force stop|hard stop|halt|pull the plug on|pull the plug|force off|terminate"], may: "now|immediately|hard|forcefully|force", guest: "required" }],
    build: power("stop"),
  },
  {
    id: "restart_guest",
    act: true,
    patterns: [{ need: ["restart|reboot|bounce|power cycle|cycle|restart up"], may: "again|quickly", guest: "required" }],
    build: power("restart"),
  },
  {
    id: "list_snapshots",
    act: false,
    patterns: [
      { need: ["snapshots"], may: LIST_WORDS, guest: "required" },
      { need: ["snapshot", LIST_WORDS], may: LIST_WORDS, guest: "required" },
    ],
    build: (slots, env) =>
      onGuest(slots, env, (g) =>
        single(
          "list_snapshots",
          { vmid: g.vmid },
          (d: any[]) => (d.length === 0 ? `${guestName(g)} has no snapshots.` : `${guestName(g)} has ${d.length === 1 ? "one snapshot" : `${d.length} snapshots`}: ${list(d.map((s) => s.name))}.`),
          { guest: g },
        ),
      ),
  },
  {
    id: "create_snapshot",
    act: true,
    patterns: [
      { need: ["take|make|create|grab|capture|do", "snapshot"], may: "new|quick", guest: "required" },
      { need: ["snapshot"], may: "now|new|quick", guest: "required" },
    ],
    build: snapshotCall("create_snapshot", (g, name) => `Took snapshot ${name} of ${guestName(g)}.`, "generated"),
  },
  {
    id: "rollback_snapshot",
    act: true,
    patterns: [{ need: ["roll back|rollback|revert|restore|go back"], may: "snapshot", guest: "required" }],
    build: snapshotCall("rollback_snapshot", (g, name) => `Rolled ${guestName(g)} back to ${name}.`, "required"),
  },
  {
    id: "delete_snapshot",
    act: true,
    patterns: [{ need: ["delete|remove|drop|discard|get rid of", "snapshot"], guest: "required" }],
    build: snapshotCall("delete_snapshot", (g, name) => `Deleted snapshot ${name} of ${guestName(g)}.`, "required"),
  },
];
