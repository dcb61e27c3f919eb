import path from "node:path";
import jpeg from "jpeg-js";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FrigateClient } from "../../src/clients/frigate.js";
import { SearxngClient } from "../../src/clients/searxng.js";
import { Store } from "../../src/store/db.js";
import { cameraTools } from "../../src/tools/cameras.js";
import { modelText, type ToolOutcome } from "../../src/tools/outcome.js";
import { ToolRegistry } from "../../src/tools/registry.js";
import { UrlGuard } from "../../src/net/guard.js";
import { webTools } from "../../src/tools/web.js";
import { startFrigateEmulator, type FrigateEmulator } from "../emulators/frigate/index.js";
import { startSearxngEmulator } from "../emulators/searxng/index.js";
import { tempDir } from "../helpers/jarvis.js";
import { person, testRegistry } from "../helpers/registry.js";

let frigateEmu: FrigateEmulator;
let searxEmu: Awaited<ReturnType<typeof startSearxngEmulator>>;
let frigate: FrigateClient;
let searxng: SearxngClient;
let store: Store;
let registry: ToolRegistry;
const log = pino({ level: "silent" });

beforeAll(async () => {
  frigateEmu = await startFrigateEmulator();
  searxEmu = await startSearxngEmulator();
  frigate = new FrigateClient({ url: frigateEmu.url }, log);
  searxng = new SearxngClient({ url: searxEmu.url }, log);
  store = Store.open(path.join(tempDir(), "j.db"));
  registry = testRegistry([...cameraTools(frigate, ["front_door"]), ...webTools(searxng)], store);
  ({ run } = person(registry, store));
});
afterAll(async () => {
  await Promise.all([frigate.close(), searxng.close(), frigateEmu.close(), searxEmu.close()]);
  store.close();
});

let run: ReturnType<typeof person>["run"];
const ok = async (name: string, args: unknown) => {
  const out = await run(name, args);
  expect(out.status, modelText(out)).toBe("ok");
  return out as Extract<ToolOutcome, { status: "ok" }>;
};

describe("camera tools", () => {
  it("returns a live frame as a picture", async () => {
    const out = await ok("get_camera_snapshot", { camera: "driveway" });
    expect(out.images).toHaveLength(1);
    const decoded = jpeg.decode(Buffer.from(out.images![0]!.base64, "base64"));
    expect(decoded.width).toBeGreaterThan(0);
    expect(modelText(out)).not.toContain(out.images![0]!.base64.slice(0, 40));
  });

  it("names who was at the entry cameras, and only there", async () => {
    const data = (await ok("whos_at_door", { minutes: 60 })).data as { people: { camera: string; who?: string; known: boolean }[] };
    expect(data.people.map((p) => p.camera)).toEqual(["front_door", "front_door"]);
    expect(data.people).toContainEqual(expect.objectContaining({ who: "alice", known: true }));
    expect(data.people).toContainEqual(expect.objectContaining({ known: false }));
  });

  it("filters detections and lists unknown visitors and known faces", async () => {
    const cars = (await ok("query_nvr_detections", { label: "car", hours: 48 })).data as { label: string }[];
    expect(cars.length).toBeGreaterThan(0);
    expect(cars.every((e) => e.label === "car")).toBe(true);
    const unknown = (await ok("get_unknown_visitors", { hours: 24 })).data as { who?: string }[];
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.every((e) => e.who === undefined)).toBe(true);
    const faces = (await ok("get_recognized_faces", {})).data as { name: string }[];
    expect(faces.map((f) => f.name)).toEqual(expect.arrayContaining(["alice", "bob"]));
  });

  it("explains an unknown camera in one sentence", async () => {
    const out = await run("get_camera_snapshot", { camera: "attic" });
    expect(out.status).toBe("error");
    expect(modelText(out)).toMatch(/^Error: Frigate/);
  });
});

describe("web tools", () => {
  it("searches and fences results as untrusted", async () => {
    const out = await ok("web_search", { query: "home assistant release", limit: 3 });
    const data = out.data as { results: { title: string; url: string }[] };
    expect(data.results[0]!.title).toMatch(/Home Assistant 2026\.1/);
    expect(modelText(out)).toMatch(/^<untrusted_data source="web_search">/);
  });

  it("holds a page on the home network for approval, then reads it as text", async () => {
    const url = `${searxEmu.url}/pages/article`;
    expect(await run("fetch_webpage", { url })).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    const approved = await run("fetch_webpage", { url }, "JARVIS-EXECUTE");
    expect(approved.status).toBe("ok");
    const text = (approved as { data: { text: string } }).data.text;
    expect(text).toMatch(/January release/);
    expect(text).not.toMatch(/<script|function\(/);
  });

  it.each([
    // Each private range in its spellings is in url-safety.test.ts; here the three kinds of host a person types.
    ["127.0.0.1", true], ["localhost", true], ["[::1]", true], ["nas.lan", true], ["printer.local", true], ["172.32.0.1", false], ["example.org", false], ["8.8.8.8", false],
  ])("knows whether %s is on the home network", async (host, local) => {
    // Names are resolved (here by a stand-in resolver that knows one public name) and their addresses judged.
    const guard = new UrlGuard({ lookup: async (name) => (name === "example.org" ? [{ address: "93.184.215.14", family: 4 }] : [{ address: "127.0.0.9", family: 4 }]) });
    expect((await guard.check(`http://${host}/`)).verdict.kind !== "outside").toBe(local);
  });
});

describe("vision", () => {
  it("hands the model the camera's frame with the question to answer", async () => {
    const out = await run("analyze_camera_snapshot", { camera: "driveway", question: "Is the garage door open?" });
    expect(out).toMatchObject({ status: "ok", untrusted: true, data: { camera: "driveway", question: "Is the garage door open?" } });
    const images = (out as { images?: { mediaType: string; base64: string }[] }).images!;
    expect(images[0]!.mediaType).toMatch(/^image\/(jpeg|webp)$/);
    expect(jpeg.decode(Buffer.from(images[0]!.base64, "base64")).height).toBeGreaterThan(0);
  });
});
