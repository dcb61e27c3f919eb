// Waiting on a Proxmox task: poll its status until it stops or the deadline passes, reporting each poll.
// Proxmox ends a task with exitstatus "OK", "WARNINGS: n" (still a success) or the error that stopped it.
import { setTimeout as sleep } from "node:timers/promises";
import { ClientError } from "../errors.js";
import type { TaskStatus, WaitOptions } from "./types.js";
import { parseUpid, SERVICE } from "./validate.js";

export async function waitForTask(
  readStatus: (node: string, upid: string) => Promise<TaskStatus>,
  upid: string,
  opts: WaitOptions & { intervalMs: number },
): Promise<TaskStatus> {
  const { node, type, id } = parseUpid(upid);
  const started = Date.now();
  const deadline = started + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const status = await readStatus(node, upid);
    opts.onProgress?.({ upid, status: status.status, elapsedMs: Date.now() - started });
    if (status.status === "stopped") {
      const exit = status.exitstatus ?? "";
      if (exit === "OK" || exit.startsWith("WARNINGS")) return status;
      const kind = /does not exist/.test(exit) ? "not_found" : "upstream";
      throw new ClientError(SERVICE, kind, `task ${type} ${id} on ${node} failed: ${exit || "no exit status"}`);
    }
    if (Date.now() + opts.intervalMs > deadline) {
      const waited = Math.round((Date.now() - started) / 1000);
      throw new ClientError(SERVICE, "timeout", `task ${type} ${id} on ${node} was still running after ${waited} s (${upid})`);
    }
    await sleep(opts.intervalMs);
  }
}
