// The Frigate client against the emulated Frigate API over real HTTP on 127.0.0.1.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import jpeg from "jpeg-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FrigateClient } from "../../src/clients/frigate.js";
import { createLogger } from "../../src/log.js";
import { startFrigateEmulator, type FrigateEmulator } from "../emulators/frigate/index.js";
import { failure } from "../helpers/errors.js";

const log = createLogger({ level: "silent" });
const NOW = 1_760_000_000; // fixed, so seeded event times are known


function decodeJpeg(bytes: Buffer) {
  expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  return jpeg.decode(bytes, { useTArray: true });
}

let emu: FrigateEmulator;
let frigate: FrigateClient;

beforeAll(async () => {
  emu = await startFrigateEmulator({ now: NOW });
  frigate = new FrigateClient({ url: emu.url }, log);
});

afterAll(async () => {
  await frigate.close();
  await emu.close();
});

describe("events", () => {
  it("filters by camera and returns newest first, including events still in progress", async () => {
    const events = await frigate.events({ camera: "front_door" });
    const expected = emu.events.filter((e) => e.camera === "front_door").map((e) => e.id);
    expect(events.map((e) => e.id).sort()).toEqual([...expected].sort());
    expect(events.map((e) => e.startTime)).toEqual([...events.map((e) => e.startTime)].sort((a, b) => b - a));
    expect(events.some((e) => e.inProgress && e.endTime === null)).toBe(true);
  });

  it("combines label, zone and several cameras", async () => {
    const events = await frigate.events({ camera: ["driveway", "backyard"], label: "person" });
    expect(events.length).toBe(2);
    expect(events.every((e) => e.label === "person" && e.camera !== "front_door")).toBe(true);
    const onPorch = await frigate.events({ zone: "porch", label: "person" });
    expect(onPorch.length).toBe(3);
    expect(onPorch.every((e) => e.zones.includes("porch"))).toBe(true);
  });

  it("finds recognised people by sub_label, and visitors without one", async () => {
    const alice = await frigate.events({ subLabel: "alice" });
    expect(alice.length).toBe(2);
    expect(alice.every((e) => e.subLabel === "alice" && e.subLabelScore !== null)).toBe(true);
    const unknown = await frigate.events({ label: "person", subLabel: "None" });
    expect(unknown.length).toBe(2);
    expect(unknown.every((e) => e.subLabel === null)).toBe(true);
  });

  it("limits to a time window, a count and snapshot availability", async () => {
    const window = await frigate.events({ after: NOW - 2 * 3600, before: NOW - 30 * 60 });
    expect(window.map((e) => e.label).sort()).toEqual(["car", "person"]);
    const newest = await frigate.events({ limit: 3 });
    expect(newest.map((e) => e.id)).toEqual(
      [...emu.events].sort((a, b) => b.start_time - a.start_time).slice(0, 3).map((e) => e.id),
    );
    const noSnapshot = await frigate.events({ hasSnapshot: false });
    expect(noSnapshot.length).toBe(2);
    expect(noSnapshot.every((e) => !e.hasSnapshot)).toBe(true);
  });

  it("reads one event, and a new event shows up in the list", async () => {
    const { event } = emu.addEvent({ camera: "backyard", label: "person", sub_label: "bob", zones: ["patio"] });
    expect((await frigate.event(event.id)).subLabel).toBe("bob");
    expect((await frigate.events({ zone: "patio" })).map((e) => e.id)).toEqual([event.id]);
  });

  it("refuses a filter value Frigate would split at its comma", async () => {
    const err = await failure(frigate.events({ camera: "front_door,driveway" }));
    expect(err.kind).toBe("bad_request");
  });
});

describe("images", () => {
  it("returns event snapshots as real JPEGs that differ per event", async () => {
    const [a, b] = emu.events.filter((e) => e.has_snapshot && e.end_time !== null);
    const first = await frigate.eventSnapshot(a!.id);
    const second = await frigate.eventSnapshot(b!.id);
    expect(first.mime).toBe("image/jpeg");
    const img = decodeJpeg(first.bytes);
    expect([img.width, img.height]).toEqual([320, 180]);
    expect(first.bytes.equals(second.bytes)).toBe(false);
  });

  it("returns thumbnails and live camera frames at the asked height", async () => {
    const thumb = await frigate.eventThumbnail(emu.events[0]!.id);
    expect(decodeJpeg(thumb.bytes).width).toBeGreaterThan(0);
    const frame = await frigate.latestFrame("driveway", { height: 90 });
    expect(decodeJpeg(frame.bytes).height).toBe(90);
  });

  it("maps a missing snapshot or camera to not_found", async () => {
    const noSnap = emu.events.find((e) => !e.has_snapshot)!;
    expect((await failure(frigate.eventSnapshot(noSnap.id))).kind).toBe("not_found");
    const camera = await failure(frigate.latestFrame("garage"));
    expect(camera.kind).toBe("not_found");
    expect(camera.message).toContain("Camera not found");
  });

  it("refuses an answer that is not a JPEG even when the status is 200", async () => {
    const server = createServer((_req, res) => res.end("<html>login page</html>"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const client = new FrigateClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, log);
    try {
      const err = await failure(client.latestFrame("front_door"));
      expect(err.kind).toBe("upstream");
      expect(err.message).toContain("expected image/jpeg");
    } finally {
      await client.close();
      server.close();
    }
  });
});

describe("cameras, faces, recordings", () => {
  it("lists cameras with their zones from the config", async () => {
    expect(await frigate.cameras()).toEqual([
      { name: "front_door", enabled: true, zones: ["porch", "walkway"] },
      { name: "driveway", enabled: true, zones: ["driveway_entrance", "street"] },
      { name: "backyard", enabled: true, zones: ["lawn", "patio"] },
    ]);
  });

  it("lists the people in the face library, not the training folder", async () => {
    const faces = await frigate.faces();
    expect(faces).toEqual([
      { name: "alice", images: 3 },
      { name: "bob", images: 1 },
    ]);
  });

  it("summarises recordings per day and hour with the event counts", async () => {
    const days = await frigate.recordingsSummary("driveway");
    const hours = days.flatMap((d) => d.hours);
    expect(hours.length).toBe(48);
    const clips = emu.events.filter((e) => e.camera === "driveway" && e.has_clip && e.start_time > NOW - 47 * 3600);
    expect(days.reduce((n, d) => n + d.events, 0)).toBe(clips.length);
  });
});

describe("failures", () => {
  let extra: FrigateClient | undefined;
  afterEach(async () => {
    emu.setDelay(0);
    await extra?.close();
    extra = undefined;
  });

  it("says in one sentence that an event does not exist", async () => {
    const err = await failure(frigate.event("1700000000.000000-nope00"));
    expect(err.kind).toBe("not_found");
    expect(err.explain()).toMatch(/^Frigate has no such item: event "1700000000.000000-nope00"/);
    expect(err.explain()).not.toContain("\n");
  });

  it("maps parameters Frigate refuses (422 and 400) to bad_request", async () => {
    const typed = await failure(frigate.events({ limit: 2.5 }));
    expect(typed.kind).toBe("bad_request");
    expect(typed.message).toContain("limit: Input should be a valid integer");
    const height = await failure(frigate.latestFrame("front_door", { height: -5 }));
    expect(height.kind).toBe("bad_request");
  });

  it("stops reading at the size cap", async () => {
    extra = new FrigateClient({ url: emu.url, maxBytes: 1000 }, log);
    expect((await failure(extra.eventSnapshot(emu.events[1]!.id))).kind).toBe("too_large");
  });

  it("times out when Frigate does not answer", async () => {
    emu.setDelay(2_000);
    extra = new FrigateClient({ url: emu.url, timeoutMs: 200 }, log);
    expect((await failure(extra.cameras())).kind).toBe("timeout");
  });

  it("reports unreachable, and down, once Frigate has stopped", async () => {
    const own = await startFrigateEmulator();
    const seen: string[] = [];
    extra = new FrigateClient({ url: own.url }, log, (state) => seen.push(state));
    await extra.faces();
    await own.close();
    expect((await failure(extra.faces())).kind).toBe("unreachable");
    expect(seen).toEqual(["up", "down"]);
  });
});
