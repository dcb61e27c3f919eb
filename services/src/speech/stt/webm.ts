// Reads the Opus packets out of a WebM (Matroska) file as a browser's MediaRecorder writes it
// ("audio/webm;codecs=opus"): the EBML elements are walked in order, masters entered whatever their size
// (MediaRecorder leaves the Segment's and the Clusters' sizes unknown), the first Opus track's OpusHead kept,
// and its frames taken from SimpleBlocks and Blocks in file order. No decoding: that is opusdec's job.

export class WebmError extends Error {
  override readonly name = "WebmError";
  constructor(
    /** unsupported: a codec or layout this reader leaves to ffmpeg; empty: no audio at all; invalid: no WebM. */
    readonly reason: "unsupported" | "empty" | "invalid",
    message: string,
  ) {
    super(message);
  }
}

export interface OpusTrack {
  /** The OpusHead header (the track's CodecPrivate, as RFC 7845 defines it). */
  head: Buffer;
  /** The Opus packets, in order. */
  packets: Buffer[];
}

const ID = {
  ebml: 0x1a45dfa3,
  segment: 0x18538067,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackNumber: 0xd7,
  codecId: 0x86,
  codecPrivate: 0x63a2,
  codecDelay: 0x56aa,
  audio: 0xe1,
  channels: 0x9f,
  cluster: 0x1f43b675,
  blockGroup: 0xa0,
  block: 0xa1,
  simpleBlock: 0xa3,
} as const;

/** Masters whose children are read in place; every other element is a leaf, read or skipped whole. */
const ENTERED = new Set<number>([ID.segment, ID.tracks, ID.trackEntry, ID.audio, ID.cluster, ID.blockGroup]);

interface Track {
  number?: number;
  codec?: string;
  head?: Buffer;
  channels?: number;
  codecDelayNs?: number;
}

/** An EBML variable-length integer at `at`: its value (marker bit removed unless `keepMarker`) and length. */
function vint(buf: Buffer, at: number, keepMarker = false): { value: number; length: number; unknown: boolean } | undefined {
  const first = buf[at];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (at + length > buf.length) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + buf[at + i]!;
    allOnes &&= buf[at + i] === 0xff;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

function uint(body: Buffer): number {
  let n = 0;
  for (const b of body) n = n * 256 + b;
  return n;
}

/** The frame of a SimpleBlock or Block, when it belongs to `track` and is not laced. */
function blockFrame(body: Buffer, track: number): Buffer | undefined {
  const number = vint(body, 0);
  if (!number || number.value !== track) return undefined;
  const flags = body[number.length + 2];
  if (flags === undefined) return undefined;
  if ((flags & 0x06) !== 0) throw new WebmError("unsupported", "laced WebM blocks are not supported");
  return body.subarray(number.length + 3);
}

/** An OpusHead for a track that carries none (RFC 7845 5.1): version 1, pre-skip from the codec delay. */
function defaultHead(channels: number, codecDelayNs: number): Buffer {
  const head = Buffer.alloc(19);
  head.write("OpusHead", 0, "latin1");
  head[8] = 1;
  head[9] = channels;
  head.writeUInt16LE(Math.round((codecDelayNs * 48_000) / 1e9), 10);
  head.writeUInt32LE(48_000, 12);
  return head;
}

export function opusFromWebm(file: Buffer): OpusTrack {
  if (vint(file, 0, true)?.value !== ID.ebml) throw new WebmError("invalid", "not a WebM file (no EBML header)");
  const tracks: Track[] = [];
  let opus: Track | undefined;
  const packets: Buffer[] = [];
  for (let at = 0; at < file.length; ) {
    const id = vint(file, at, true);
    const size = id && vint(file, at + id.length);
    if (!id || !size) break; // a recording cut off mid-element: keep what came before
    const body = at + id.length + size.length;
    if (ENTERED.has(id.value)) {
      if (id.value === ID.trackEntry) tracks.push({});
      if (id.value === ID.cluster) opus ??= tracks.find((t) => t.codec === "A_OPUS");
      at = body;
      continue;
    }
    if (size.unknown) throw new WebmError("invalid", "a WebM element of unknown size that is not a container");
    const end = body + size.value;
    const data = file.subarray(body, Math.min(end, file.length));
    const track = tracks.at(-1);
    if (track && !opus) {
      if (id.value === ID.trackNumber) track.number = uint(data);
      else if (id.value === ID.codecId) track.codec = data.toString("latin1").replace(/\0+$/, "");
      else if (id.value === ID.codecPrivate) track.head = Buffer.from(data);
      else if (id.value === ID.channels) track.channels = uint(data);
      else if (id.value === ID.codecDelay) track.codecDelayNs = uint(data);
    }
    if (end > file.length) break;
    if ((id.value === ID.simpleBlock || id.value === ID.block) && opus?.number !== undefined) {
      const frame = blockFrame(data, opus.number);
      if (frame && frame.length > 0) packets.push(Buffer.from(frame));
    }
    at = end;
  }
  opus ??= tracks.find((t) => t.codec === "A_OPUS");
  if (tracks.length === 0) throw new WebmError("invalid", "the WebM file is damaged or cut short: it lists no tracks");
  if (!opus) {
    const codecs = tracks.map((t) => t.codec ?? "?").join(", ");
    throw new WebmError("unsupported", `the WebM file has no Opus audio track${codecs ? ` (it has ${codecs})` : ""}`);
  }
  if (packets.length === 0) throw new WebmError("empty", "the WebM recording holds no audio");
  const head = opus.head?.subarray(0, 8).toString("latin1") === "OpusHead" ? opus.head : defaultHead(opus.channels ?? 1, opus.codecDelayNs ?? 0);
  return { head, packets };
}
