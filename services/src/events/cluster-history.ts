// Sparkline history of cpu and memory per node and guest: a fixed-size ring per key (typed arrays, so memory
// is bounded by keys x capacity whatever the uptime), and keys not seen for a whole window are forgotten, so
// deleted guests do not pile up either.
import type { ClusterView } from "./cluster-view.js";
import type { Sample } from "./cluster-wire.js";

export type { Sample } from "./cluster-wire.js";

export class SampleRing {
  private readonly t: Float64Array;
  private readonly cpu: Float32Array;
  private readonly mem: Float32Array;
  /** Index the next sample goes to. */
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.t = new Float64Array(capacity);
    this.cpu = new Float32Array(capacity);
    this.mem = new Float32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get lastAt(): number {
    return this.count === 0 ? -Infinity : this.t[(this.head - 1 + this.capacity) % this.capacity]!;
  }

  push(s: Sample): void {
    this.t[this.head] = s.t;
    this.cpu[this.head] = s.cpu_pct;
    this.mem[this.head] = s.mem_pct;
    this.head = (this.head + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** Samples taken at or after `since`, oldest first. */
  since(since: number): Sample[] {
    const out: Sample[] = [];
    const start = (this.head - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const at = (start + i) % this.capacity;
      const t = this.t[at]!;
      if (t < since) continue;
      // Float32 storage: round back to the one decimal the view carries.
      out.push({ t, cpu_pct: Math.round(this.cpu[at]! * 10) / 10, mem_pct: Math.round(this.mem[at]! * 10) / 10 });
    }
    return out;
  }
}

export class ClusterHistory {
  private readonly rings = new Map<string, SampleRing>();
  readonly capacity: number;

  constructor(
    private readonly windowMs: number,
    intervalMs: number,
  ) {
    this.capacity = Math.max(1, Math.ceil(windowMs / intervalMs));
  }

  get keys(): number {
    return this.rings.size;
  }

  record(view: ClusterView, t: number): void {
    for (const n of view.nodes) if (n.online) this.push(`node/${n.name}`, { t, cpu_pct: n.cpu_pct, mem_pct: n.mem_pct });
    for (const g of view.guests) {
      if (g.template) continue;
      const mem = g.mem_max_gib > 0 ? Math.round((1000 * g.mem_used_gib) / g.mem_max_gib) / 10 : 0;
      this.push(`guest/${g.vmid}`, { t, cpu_pct: g.cpu_pct, mem_pct: mem });
    }
    for (const [key, ring] of this.rings) if (t - ring.lastAt > this.windowMs) this.rings.delete(key);
  }

  since(since: number): Record<string, Sample[]> {
    const out: Record<string, Sample[]> = {};
    for (const [key, ring] of this.rings) {
      const samples = ring.since(since);
      if (samples.length > 0) out[key] = samples;
    }
    return out;
  }

  private push(key: string, s: Sample): void {
    let ring = this.rings.get(key);
    if (!ring) this.rings.set(key, (ring = new SampleRing(this.capacity)));
    ring.push(s);
  }
}
