// Wraps Opus packets in an Ogg Opus stream (RFC 7845: an OpusHead page, an OpusTags page, then one packet a
// page with its granule position), the container opusdec reads. Used for the packets of a browser's WebM.
import type { OpusTrack } from "./webm.js";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, initial value and final xor 0. */
export function oggCrc(data: Buffer): number {
  let crc = 0;
  for (const b of data) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]!) >>> 0;
  return crc;
}

const FLAG_FIRST = 0x02;
const FLAG_LAST = 0x04;
const MAX_PACKET = 255 * 255 - 1;

function page(packet: Buffer, flags: number, granule: number, serial: number, sequence: number): Buffer {
  if (packet.length > MAX_PACKET) throw new RangeError(`an Opus packet of ${packet.length} bytes does not fit an Ogg page`);
  const lacing = Array<number>(Math.floor(packet.length / 255)).fill(255);
  lacing.push(packet.length % 255);
  const header = Buffer.alloc(27 + lacing.length);
  header.write("OggS", 0, "latin1");
  header[5] = flags;
  header.writeBigUInt64LE(BigInt(granule), 6);
  header.writeUInt32LE(serial, 14);
  header.writeUInt32LE(sequence, 18);
  header[26] = lacing.length;
  Buffer.from(lacing).copy(header, 27);
  const out = Buffer.concat([header, packet]);
  out.writeUInt32LE(oggCrc(out), 22);
  return out;
}

/** Samples (at 48 kHz) an Opus packet decodes to, from its TOC byte (RFC 6716 section 3.1). */
export function opusSamples(packet: Buffer): number {
  const toc = packet[0];
  if (toc === undefined) return 0;
  const config = toc >> 3;
  // SILK: 10, 20, 40, 60 ms; hybrid: 10, 20 ms; CELT: 2.5, 5, 10, 20 ms.
  const frameMs = config < 12 ? [10, 20, 40, 60][config % 4]! : config < 16 ? [10, 20][config % 2]! : [2.5, 5, 10, 20][config % 4]!;
  const code = toc & 0x03;
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2;
  return frames * frameMs * 48;
}

function opusTags(): Buffer {
  const vendor = Buffer.from("jarvis", "utf8");
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write("OpusTags", 0, "latin1");
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  return tags;
}

export function oggOpus(track: OpusTrack, serial = 0x4a524653): Buffer {
  const pages = [page(track.head, FLAG_FIRST, 0, serial, 0), page(opusTags(), 0, 0, serial, 1)];
  let granule = 0;
  track.packets.forEach((packet, i) => {
    granule += opusSamples(packet);
    pages.push(page(packet, i === track.packets.length - 1 ? FLAG_LAST : 0, granule, serial, i + 2));
  });
  return Buffer.concat(pages);
}
