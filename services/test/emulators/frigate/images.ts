// Real JPEGs made with jpeg-js: a gradient and a block whose colours and position come from a seed, so every
// camera/event gets its own picture and a test can tell them apart after decoding.
import { createHash } from "node:crypto";
import jpeg from "jpeg-js";

export const FRAME_WIDTH = 320;
export const FRAME_HEIGHT = 180;

function seedBytes(seed: string): Buffer {
  return createHash("sha256").update(seed).digest();
}

export function renderJpeg(seed: string, width = FRAME_WIDTH, height = FRAME_HEIGHT, quality = 70): Buffer {
  const s = seedBytes(seed);
  const data = Buffer.alloc(width * height * 4);
  const blockX = Math.floor((s[3]! / 255) * width * 0.6);
  const blockY = Math.floor((s[4]! / 255) * height * 0.5);
  const blockW = Math.max(8, Math.floor(width / 4));
  const blockH = Math.max(8, Math.floor(height / 3));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const inBlock = x >= blockX && x < blockX + blockW && y >= blockY && y < blockY + blockH;
      data[i] = inBlock ? 255 - s[0]! : (s[0]! + (x * 128) / width) & 0xff;
      data[i + 1] = inBlock ? 255 - s[1]! : (s[1]! + (y * 128) / height) & 0xff;
      data[i + 2] = inBlock ? 255 - s[2]! : s[2]!;
      data[i + 3] = 0xff;
    }
  }
  return jpeg.encode({ data, width, height }, quality).data;
}

/** Frigate scales frames to a requested height keeping the aspect ratio. */
export function widthForHeight(height: number): number {
  return Math.max(1, Math.round((height * FRAME_WIDTH) / FRAME_HEIGHT));
}
