// A small seeded random source (mulberry32) and the fuzzer's generators: random JSON values, and mutations of
// a valid message (fields dropped, retyped, oversized, bytes flipped). The seed is printed by each suite, so
// any failure can be replayed exactly with FUZZ_SEED=<seed>.
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  string(maxLength = 40): string {
    const alphabets = ["abcdefghijklmnopqrstuvwxyz", "0123456789", "{}[]\":,\\/\n\t\0 ", "éß日本語🙂\u202e\ufeff", "<script>'; DROP"];
    let text = "";
    const length = this.int(maxLength + 1);
    for (let i = 0; i < length; i++) text += this.pick([...this.pick(alphabets)]);
    return text;
  }

  /** Any JSON value, nested up to `depth`. */
  json(depth = 3): unknown {
    const kind = this.int(depth > 0 ? 9 : 7);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1, 2 ** 53, -(2 ** 31), 1e308, 0.5, Number.MAX_SAFE_INTEGER + 2]);
      case 3:
        return this.int(1_000_000);
      case 4:
      case 5:
        return this.string();
      case 6:
        return this.string(2_000);
      case 7:
        return Array.from({ length: this.int(5) }, () => this.json(depth - 1));
      default:
        return Object.fromEntries(Array.from({ length: this.int(5) }, () => [this.string(12), this.json(depth - 1)]));
    }
  }

  /** A valid object made wrong in one to three ways. */
  mutate(valid: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = structuredClone(valid);
    const keys = Object.keys(out);
    for (let n = 1 + this.int(3); n > 0; n--) {
      const key = keys.length > 0 && this.chance(0.8) ? this.pick(keys) : this.string(10);
      const how = this.int(5);
      if (how === 0) delete out[key];
      else if (how === 1) out[key] = this.json(2);
      else if (how === 2) out[key] = "x".repeat(1 + this.int(100_000));
      else if (how === 3) out[key] = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
      else out[key] = this.pick([null, [], {}, -1, 0, "", NaN, Infinity]);
    }
    return out;
  }

  /** The bytes of `text` with a few flipped, cut or duplicated. */
  corrupt(text: string): Buffer {
    const bytes = Buffer.from(text);
    const how = this.int(3);
    if (how === 0 && bytes.length > 0) {
      for (let n = 1 + this.int(4); n > 0; n--) bytes[this.int(bytes.length)] = this.int(256);
      return bytes;
    }
    if (how === 1) return bytes.subarray(0, this.int(bytes.length + 1));
    return Buffer.concat([bytes, bytes.subarray(this.int(bytes.length + 1))]);
  }
}

/** FUZZ_SEED from the environment, else a fixed default, so a plain run is reproducible. */
export function fuzzSeed(fallback = 20_240_611): number {
  const fromEnv = Number(process.env.FUZZ_SEED);
  return Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback;
}

/**
 * Heap in use after full collections. Vitest does not start the fork with --expose-gc, so the flag is set at
 * run time and gc() taken from a fresh context (V8 installs it there once the flag is on).
 */
export async function heapUsed(): Promise<number> {
  v8.setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setImmediate(r));
    gc();
  }
  return process.memoryUsage().heapUsed;
}
