// Checks arguments before anything is sent, with Proxmox's own rules, so a bad vmid or snapshot name fails
// here with a clear sentence instead of a round trip and a parameter error.
import { ClientError } from "../errors.js";

export const SERVICE = "Proxmox VE";

const bad = (message: string) => new ClientError(SERVICE, "bad_request", message);

/** Proxmox's pve-vmid: an integer 100..999999999. */
export function checkVmid(vmid: number): number {
  if (!Number.isInteger(vmid) || vmid < 100 || vmid > 999_999_999) {
    throw bad(`guest id ${vmid} is not valid: it must be a whole number from 100 to 999999999`);
  }
  return vmid;
}

/** Proxmox's pve-node: a host name label (letters, digits, inner hyphens). */
export function checkNode(node: string): string {
  if (!/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(node) || node.length > 63) {
    throw bad(`"${node}" is not a valid node name`);
  }
  return node;
}

/** Proxmox's pve-configid with the snapshot limit of 40 characters; "current" is reserved. */
export function checkSnapshotName(name: string): string {
  if (!/^[a-zA-Z][a-zA-Z0-9_-]+$/.test(name) || name.length > 40) {
    throw bad(
      `"${name}" is not a valid snapshot name: use 2 to 40 letters, digits, "-" or "_", starting with a letter`,
    );
  }
  if (name === "current") throw bad(`"current" is reserved by Proxmox and cannot be a snapshot name`);
  return name;
}

/** Proxmox's pve-storage-id. */
export function checkStorage(storage: string): string {
  if (!/^[a-zA-Z][a-zA-Z0-9\-_.]*[a-zA-Z0-9]$/.test(storage)) throw bad(`"${storage}" is not a valid storage name`);
  return storage;
}

export interface Upid {
  upid: string;
  node: string;
  type: string;
  id: string;
  user: string;
}

/** Splits "UPID:node:pid:pstart:starttime:type:id:user:" (what every write returns). */
export function parseUpid(upid: string): Upid {
  const m = /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:([^:\s]+):([^:\s]*):([^:\s]+):$/i.exec(
    upid,
  );
  if (!m) throw bad(`"${upid}" is not a Proxmox task id (UPID)`);
  return { upid, node: m[1]!, type: m[3]!, id: m[4]!, user: m[5]! };
}
