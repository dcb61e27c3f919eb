// The Wyoming wire format (rhasspy/wyoming README): a one-line JSON header {type, data?, data_length?,
// payload_length?, version?} ending in "\n", then data_length bytes of JSON merged over the header's data,
// then payload_length bytes of binary payload (PCM audio). The parser is incremental and bounded: a broken
// event is reported and skipped where its framing still says where the next one starts; only a header line
// longer than the limit cannot be skipped (its end is unknown) and is fatal.

export interface WyomingEvent {
  type: string;
  data: Record<string, unknown>;
  payload?: Buffer;
}

export interface ParseError {
  code: "bad-header" | "bad-data" | "too-large";
  text: string;
  /** The stream cannot be resynchronised: the connection must close. */
  fatal: boolean;
}

export type Parsed = { event: WyomingEvent } | { error: ParseError };

export interface ParserLimits {
  maxHeaderBytes: number;
  maxDataBytes: number;
  maxPayloadBytes: number;
}

export const DEFAULT_LIMITS: ParserLimits = {
  maxHeaderBytes: 64 * 1024,
  maxDataBytes: 256 * 1024,
  maxPayloadBytes: 1024 * 1024,
};

const NEWLINE = 0x0a;

/** Serialises an event as the Python library writes it: data in its own section, lengths in the header. */
export function encodeEvent(event: WyomingEvent, version: string): Buffer {
  const header: Record<string, unknown> = { type: event.type, version };
  const hasData = Object.keys(event.data).length > 0;
  const data = hasData ? Buffer.from(JSON.stringify(event.data), "utf8") : undefined;
  if (data) header.data_length = data.length;
  if (event.payload && event.payload.length > 0) header.payload_length = event.payload.length;
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(header)}\n`, "utf8")];
  if (data) parts.push(data);
  if (header.payload_length) parts.push(event.payload!);
  return Buffer.concat(parts);
}

const fail = (code: ParseError["code"], text: string, fatal = false): Parsed => ({ error: { code, text, fatal } });
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isLength = (v: unknown) => v === undefined || v === null || (Number.isSafeInteger(v) && (v as number) >= 0);

type Pending =
  | { type: string; data: Record<string, unknown>; dataLength: number; payloadLength: number }
  /** A refused event whose remaining bytes must still be skipped. */
  | { skip: number };

export class EventParser {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  private dead = false;

  constructor(private readonly limits: ParserLimits = DEFAULT_LIMITS) {}

  /** Feeds received bytes; returns the events and errors completed by them, in order. */
  push(chunk: Buffer): Parsed[] {
    if (this.dead) return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: Parsed[] = [];
    for (;;) {
      const item = this.pending ? this.body(this.pending) : this.header();
      if (item === undefined) return out;
      if (item === null) continue;
      out.push(item);
      if ("error" in item && item.error.fatal) {
        this.dead = true;
        return out;
      }
    }
  }

  /** Reads one header line; undefined when more bytes are needed, null when it only set up a body. */
  private header(): Parsed | null | undefined {
    const nl = this.buffer.indexOf(NEWLINE);
    const lineLength = nl === -1 ? this.buffer.length : nl;
    if (lineLength > this.limits.maxHeaderBytes) {
      return fail("too-large", `header line is longer than ${this.limits.maxHeaderBytes} bytes`, true);
    }
    if (nl === -1) return undefined;
    const line = this.buffer.subarray(0, nl).toString("utf8").trim();
    this.buffer = this.buffer.subarray(nl + 1);
    if (line === "") return null; // tolerate blank lines between events
    let header: unknown;
    try {
      header = JSON.parse(line);
    } catch {
      return fail("bad-header", "header is not valid JSON");
    }
    if (!isRecord(header) || typeof header.type !== "string" || header.type === "") {
      return fail("bad-header", "header must be a JSON object with a string type");
    }
    const dataOk = header.data === undefined || header.data === null || isRecord(header.data);
    if (!dataOk || !isLength(header.data_length) || !isLength(header.payload_length)) {
      return fail("bad-header", `${header.type}: data must be an object and lengths non-negative integers`);
    }
    const type = header.type;
    const dataLength = Number(header.data_length ?? 0);
    const payloadLength = Number(header.payload_length ?? 0);
    const { maxDataBytes, maxPayloadBytes } = this.limits;
    const over =
      dataLength > maxDataBytes
        ? `data of ${dataLength} bytes is over the ${maxDataBytes}-byte limit`
        : payloadLength > maxPayloadBytes
          ? `payload of ${payloadLength} bytes is over the ${maxPayloadBytes}-byte limit`
          : undefined;
    if (over) {
      // Reported now, not after the skip, so a sender that never sends the bytes still hears why.
      this.pending = { skip: dataLength + payloadLength };
      return fail("too-large", `${type}: ${over}`);
    }
    this.pending = { type, data: isRecord(header.data) ? header.data : {}, dataLength, payloadLength };
    return null;
  }

  /** Reads (or skips, when refused) the data and payload of the pending event. */
  private body(p: Pending): Parsed | null | undefined {
    if ("skip" in p) {
      // Skipped without being kept: only the count matters.
      const n = Math.min(this.buffer.length, p.skip);
      this.buffer = this.buffer.subarray(n);
      p.skip -= n;
      if (p.skip > 0) return undefined;
      this.pending = undefined;
      return null;
    }
    if (this.buffer.length < p.dataLength + p.payloadLength) return undefined;
    const dataBytes = this.buffer.subarray(0, p.dataLength);
    const payload = this.buffer.subarray(p.dataLength, p.dataLength + p.payloadLength);
    this.buffer = this.buffer.subarray(p.dataLength + p.payloadLength);
    this.pending = undefined;
    let data = p.data;
    if (p.dataLength > 0) {
      let extra: unknown;
      try {
        extra = JSON.parse(dataBytes.toString("utf8"));
      } catch {
        extra = undefined;
      }
      if (!isRecord(extra)) return fail("bad-data", `${p.type}: the ${p.dataLength} data bytes are not a JSON object`);
      data = { ...data, ...extra };
    }
    // Copy the payload out so the receive buffer is not pinned by a long-lived event.
    return { event: { type: p.type, data, ...(payload.length > 0 ? { payload: Buffer.from(payload) } : {}) } };
  }
}
