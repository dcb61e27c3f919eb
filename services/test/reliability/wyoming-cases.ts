// Fuzzed Wyoming events for the bad-input suite, and how each one's answer is judged. An event is a header line
// (+ data section + payload) built from a template of what HA sends, then mutated: data fields dropped or
// retyped, the type replaced, data moved inline, payloads of odd or oversized lengths, header bytes corrupted.
// Lengths in a header always match the bytes sent: an event that promises more bytes than it carries makes
// any server wait for them, which is the protocol's framing, not something the server could answer.
import type { ClientEvent } from "../helpers/wyoming-client.js";
import type { Rng } from "./rng.js";

const PCM = { rate: 16_000, width: 2, channels: 1 };

/** [type, data, payload bytes]; audio-chunk is listed thrice so streams get long enough to matter. */
const TEMPLATES: [string, Record<string, unknown>, number][] = [
  ["describe", {}, 0],
  ["ping", { text: "hi" }, 0],
  ["transcribe", { language: "en" }, 0],
  ["audio-start", PCM, 0],
  ["audio-chunk", PCM, 640],
  ["audio-chunk", PCM, 640],
  ["audio-chunk", PCM, 2048],
  ["audio-stop", {}, 0],
  ["synthesize", { text: "The cluster is fine.", voice: { name: "espeak" } }, 0],
  ["transcript", { text: "how is the cluster?" }, 0],
  ["run-satellite", {}, 0],
];

/** Events the protocol answers with nothing when they are accepted (they only set the session's state). */
export const SILENT_WHEN_ACCEPTED = new Set(["transcribe", "audio-start", "audio-chunk"]);
/** What the server may answer with, besides `error`. */
export const ANSWERS = new Set(["info", "pong", "transcript", "audio-start", "audio-chunk", "audio-stop", "handled", "not-handled"]);
/** Over the server's 1 MiB payload limit: refused with too-large and skipped. */
const OVERSIZED = 1_100_000;

export interface WyomingCase {
  /** The type as sent (after mutation), for judging and for the figure's name. */
  type: string;
  bytes: Buffer;
}

export function wyomingCase(rng: Rng): WyomingCase {
  const [template, base, size] = rng.pick(TEMPLATES);
  const type = rng.chance(0.05) ? rng.string(12) : template;
  const data = rng.chance(0.5) ? rng.mutate(base) : base;
  const payloadLength = rng.chance(0.01) ? OVERSIZED : rng.chance(0.2) ? rng.int(4096) : size;
  const payload = rng.bytes(Math.min(payloadLength, 4096));
  // Inline data and no lengths: the header line alone is the event, so its bytes can be corrupted freely.
  if (rng.chance(0.25)) {
    const line = JSON.stringify({ type, data });
    return { type, bytes: Buffer.concat([rng.chance(0.5) ? rng.corrupt(line) : Buffer.from(line), Buffer.from("\n")]) };
  }
  const dataBytes = Buffer.from(JSON.stringify(data));
  const header = { type, data_length: dataBytes.length, ...(payloadLength > 0 ? { payload_length: payloadLength } : {}) };
  const body = payloadLength > payload.length ? Buffer.concat([payload, Buffer.alloc(payloadLength - payload.length)]) : payload;
  return { type, bytes: Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), dataBytes, body]) };
}

/** The audio stream of one connection, as the session sees it. */
export type Stream = "none" | "open" | "refused";

/**
 * Whether the server dealt with one event: an `error` (the only answer a broken event can get), a log line, an
 * answer of the protocol's own kinds, or silence where the protocol gives none: for an event that only sets
 * state, for a blank line (no event at all), and for an audio-stop of a stream already refused with an error
 * (one error per stream, not one per chunk).
 */
export function judge(sent: WyomingCase, replies: readonly ClientEvent[], logged: boolean, streams: ReadonlySet<Stream>): boolean {
  if (replies.some((r) => r.type === "error") || logged) return true;
  if (replies.length > 0) return replies.every((r) => ANSWERS.has(r.type));
  if (sent.bytes.toString("latin1").trim() === "") return true;
  return SILENT_WHEN_ACCEPTED.has(sent.type) || (sent.type === "audio-stop" && streams.has("refused"));
}

/**
 * The streams the session may have after `sent` was answered with `replies`. A bad-header never reached the
 * session; a too-large or bad-data error may come from the parser (the event was dropped) or the session.
 */
export function nextStreams(streams: ReadonlySet<Stream>, sent: WyomingCase, replies: readonly ClientEvent[]): Set<Stream> {
  const codes = new Set(replies.filter((r) => r.type === "error").map((r) => String(r.data.code)));
  const after = (s: Stream): Stream => {
    if (sent.type === "audio-start") return codes.size > 0 ? "refused" : "open";
    if (sent.type === "audio-chunk" && codes.size > 0 && s !== "none") return "refused";
    if (sent.type === "transcribe" || sent.type === "audio-stop") return "none";
    return s;
  };
  if (codes.has("bad-header")) return new Set(streams);
  const maybeDropped = codes.has("too-large") || codes.has("bad-data");
  return new Set([...streams].flatMap((s) => (maybeDropped ? [s, after(s)] : [after(s)])));
}
