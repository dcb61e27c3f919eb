// Node temperature. Proxmox VE has no temperature endpoint and its node status carries none. A widely used
// community patch adds the JSON output of `sensors -j` to the node status as the string "thermalstate"; when
// that (or the same data under "sensorsOutput") is present we read every temp*_input from it. Otherwise the
// answer says plainly that the node does not expose temperatures.
import type { NodeTemperature } from "./types.js";

const FIELDS = ["thermalstate", "sensorsOutput"];

function collect(value: unknown, path: string[], out: Record<string, number>): void {
  if (!value || typeof value !== "object") return;
  for (const [key, v] of Object.entries(value)) {
    if (/^temp\d+_input$/.test(key) && typeof v === "number" && Number.isFinite(v)) out[path.join("/")] = v;
    else collect(v, [...path, key], out);
  }
}

export function readTemperature(node: string, status: Record<string, unknown>): NodeTemperature {
  const sensors: Record<string, number> = {};
  for (const field of FIELDS) {
    const raw = status[field];
    try {
      collect(typeof raw === "string" ? JSON.parse(raw) : raw, [], sensors);
    } catch {
      // A field that is not sensors JSON carries no temperatures; the note below says so.
    }
  }
  const readings = Object.values(sensors);
  if (readings.length === 0) {
    return { node, celsius: null, sensors, note: "not exposed: this node's Proxmox API reports no temperature sensors" };
  }
  return { node, celsius: Math.max(...readings), sensors, note: "from lm-sensors data in the node status" };
}
