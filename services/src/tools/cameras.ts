// cameras (Frigate): who is at the door, what the cameras saw, faces Frigate knows, and a live frame the
// model can look at. Labels and names come from outside and are marked untrusted.
import { z } from "zod";
import type { FrigateClient, FrigateEvent } from "../clients/frigate.js";
import { defineTool, WithImages } from "./tool.js";

const camera = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a camera name as in Frigate's config");

function compact(e: FrigateEvent) {
  return {
    id: e.id,
    camera: e.camera,
    label: e.label,
    who: e.subLabel ?? undefined,
    score: e.topScore ?? e.score ?? undefined,
    zones: e.zones.length > 0 ? e.zones : undefined,
    started: new Date(e.startTime * 1000).toISOString(),
    ongoing: e.inProgress || undefined,
  };
}

const sinceHours = (h: number) => Math.floor(Date.now() / 1000 - h * 3600);

export function cameraTools(frigate: FrigateClient, entryCameras: readonly string[]) {
  return [
    defineTool({
      name: "get_camera_snapshot",
      category: "smarthome",
      description: "The latest frame of a camera, as a picture to look at.",
      input: z.object({ camera }),
      tier: "GREEN",
      handler: async (a) => {
        const image = await frigate.latestFrame(a.camera, { height: 480 });
        return new WithImages(
          { camera: a.camera, captured: new Date().toISOString(), bytes: image.bytes.length },
          [{ mediaType: image.mime, base64: image.bytes.toString("base64") }],
        );
      },
    }),
    defineTool({
      name: "analyze_camera_snapshot",
      category: "smarthome",
      description:
        "Look at a camera's live frame to answer a question about it (is the garage door open, is there a package, how many cars). You get the picture; answer from what you see.",
      input: z.object({ camera, question: z.string().min(3).max(500) }),
      tier: "GREEN",
      // The question is the person's (or the model's); the picture is outside data like any camera label.
      untrusted: true,
      handler: async (a) => {
        const image = await frigate.latestFrame(a.camera, { height: 720 });
        return new WithImages(
          { camera: a.camera, question: a.question, captured: new Date().toISOString(), note: "The camera's current frame is attached." },
          [{ mediaType: image.mime, base64: image.bytes.toString("base64") }],
        );
      },
    }),
    defineTool({
      name: "query_nvr_detections",
      category: "smarthome",
      description: "What the cameras detected (people, cars, animals), newest first, filtered by camera, label, zone and time.",
      input: z.object({
        camera: camera.optional(),
        label: z.string().max(40).optional(),
        zone: z.string().max(64).optional(),
        hours: z.number().min(0.1).max(24 * 30).default(24),
        limit: z.int().min(1).max(100).default(20),
      }),
      tier: "GREEN",
      untrusted: true,
      handler: async (a) =>
        (await frigate.events({ camera: a.camera, label: a.label, zone: a.zone, after: sinceHours(a.hours), limit: a.limit })).map(compact),
    }),
    defineTool({
      name: "whos_at_door",
      category: "smarthome",
      description: "People seen recently at the entry cameras, named when Frigate recognised their face.",
      input: z.object({ minutes: z.int().min(1).max(24 * 60).default(10) }),
      tier: "GREEN",
      untrusted: true,
      handler: async (a) => {
        const events = await frigate.events({
          camera: entryCameras.length > 0 ? entryCameras : undefined,
          label: "person",
          after: sinceHours(a.minutes / 60),
          limit: 20,
        });
        return {
          cameras: entryCameras.length > 0 ? entryCameras : "all",
          people: events.map((e) => ({ ...compact(e), known: e.subLabel !== null })),
        };
      },
    }),
    defineTool({
      name: "get_recognized_faces",
      category: "smarthome",
      description: "The people Frigate can recognise by face.",
      input: z.object({}),
      tier: "GREEN",
      untrusted: true,
      handler: () => frigate.faces(),
    }),
    defineTool({
      name: "get_unknown_visitors",
      category: "smarthome",
      description: "People the cameras saw but did not recognise.",
      input: z.object({ hours: z.number().min(0.1).max(24 * 30).default(24), limit: z.int().min(1).max(100).default(20) }),
      tier: "GREEN",
      untrusted: true,
      handler: async (a) => (await frigate.events({ label: "person", subLabel: "None", after: sinceHours(a.hours), limit: a.limit })).map(compact),
    }),
  ];
}
