// The built-in runbooks a home lab needs. Each is off until the household lists it in RUNBOOKS.
import type { RunbookDef, RunbookId } from "../types.js";
import { backupFailed } from "./backup-failed.js";
import { guestCrash } from "./guest-crash.js";
import { nodeDown } from "./node-down.js";
import { nodeHot } from "./node-hot.js";
import { serviceFailed } from "./service-failed.js";
import { storageFull } from "./storage-full.js";

export const CATALOG: Readonly<Record<RunbookId, RunbookDef>> = {
  guest_crash: guestCrash,
  node_down: nodeDown,
  storage_full: storageFull,
  backup_failed: backupFailed,
  service_failed: serviceFailed,
  node_hot: nodeHot,
};
