// What the chain last learned about each engine, kept for a TTL (60 s by default): an engine that failed is
// skipped without a request until its state is stale, then the next synthesis probes it again. The clock is
// injectable so tests can move time. Changes (not repeats) are reported through onChange.

export type EngineState = "unknown" | "up" | "down";

export interface EngineHealth {
  state: EngineState;
  detail: string;
  /** Clock time (ms) of the last observation; 0 when never observed. */
  checkedAt: number;
}

export type EngineStatusCallback = (engine: string, state: "up" | "down", detail: string) => void;

export class HealthBook {
  private readonly states = new Map<string, EngineHealth>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly onChange?: EngineStatusCallback,
  ) {}

  get(engine: string): EngineHealth {
    return this.states.get(engine) ?? { state: "unknown", detail: "not used yet", checkedAt: 0 };
  }

  /** The last observation is recent enough to trust. */
  fresh(engine: string): boolean {
    const h = this.states.get(engine);
    return h !== undefined && this.now() - h.checkedAt < this.ttlMs;
  }

  /** Known down within the TTL: skip it without a request. */
  skip(engine: string): boolean {
    return this.fresh(engine) && this.get(engine).state === "down";
  }

  record(engine: string, state: "up" | "down", detail: string): void {
    const before = this.states.get(engine)?.state;
    this.states.set(engine, { state, detail, checkedAt: this.now() });
    if (before !== state) this.onChange?.(engine, state, detail);
  }
}
