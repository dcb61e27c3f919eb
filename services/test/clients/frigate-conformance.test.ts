// Checks the Frigate emulator against Frigate's published API description (when the schema files are present;
// a user's clone does not have them): every route it serves exists with the same method, every parameter it
// reads is declared for that route with the same type, event objects carry the fields the spec requires, and
// the MQTT payloads have exactly the fields of Frigate's documented example.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { mqttEventLifecycle, ROUTES, startFrigateEmulator, type FrigateEmulator } from "../emulators/frigate/index.js";
import type { ParamType } from "../emulators/frigate/params.js";

const SCHEMAS = path.resolve(import.meta.dirname, "../../../../shared/schemas");
const SPECS = ["frigate-api.yaml", "frigate-api.dev.yaml"].map((f) => path.join(SCHEMAS, f));
const MQTT_EXAMPLE = path.join(SCHEMAS, "frigate-mqtt-events.example.json");

interface SpecParam {
  name: string;
  in: string;
  schema?: { type?: string; anyOf?: { type?: string }[]; $ref?: string; enum?: string[] };
}
interface Spec {
  paths: Record<string, Record<string, { parameters?: SpecParam[] }>>;
  components: { schemas: Record<string, { enum?: string[]; required?: string[] }> };
}

const OPENAPI_TYPE: Record<Exclude<ParamType, object>, string> = {
  int: "integer",
  float: "number",
  bool: "boolean",
  str: "string",
};

/** Our parameter type, checked against the spec's schema (plain, nullable anyOf, enum or $ref to an enum). */
function typeProblem(spec: Spec, ours: ParamType, param: SpecParam): string | undefined {
  const schema = param.schema ?? {};
  if (typeof ours === "object") {
    const ref = schema.$ref?.split("/").at(-1);
    const values = ref ? spec.components.schemas[ref]?.enum : schema.enum;
    return JSON.stringify(values) === JSON.stringify(ours.enum) ? undefined : `enum ${JSON.stringify(values)}`;
  }
  const types = [schema.type, ...(schema.anyOf ?? []).map((s) => s.type)].filter((t) => t && t !== "null");
  return types.includes(OPENAPI_TYPE[ours]) ? undefined : `type ${types.join("|")}`;
}

/** Whether each schema file is here; says once which checks are skipped. */
const present = new Map(
  [...SPECS, MQTT_EXAMPLE].map((file) => {
    const here = existsSync(file);
    if (!here) console.log(`skipping Frigate conformance check: ${file} is not present`);
    return [file, here] as const;
  }),
);
const has = (file: string) => present.get(file) === true;

for (const file of SPECS) {
  describe.skipIf(!has(file))(`Frigate emulator routes match ${path.basename(file)}`, () => {
    const spec = (has(file) ? parse(readFileSync(file, "utf8")) : { paths: {} }) as Spec;

    it.each(ROUTES.map((r) => [r.path, r] as const))("%s", (_p, route) => {
      const operation = spec.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path} is not in the spec`).toBeDefined();
      const declared = operation?.parameters ?? [];
      const problems: string[] = [];
      for (const [where, params] of [
        ["query", route.query],
        ["path", route.pathParams],
      ] as const) {
        for (const [name, type] of Object.entries(params)) {
          const param = declared.find((p) => p.name === name && p.in === where);
          const problem = param ? typeProblem(spec, type, param) : "not declared";
          if (problem) problems.push(`${where} parameter ${name}: ${problem}`);
        }
      }
      expect(problems).toEqual([]);
    });
  });
}

describe.skipIf(!has(SPECS[0]!))("Frigate emulator event objects", () => {
  let emu: FrigateEmulator;
  beforeAll(async () => {
    emu = await startFrigateEmulator();
  });
  afterAll(() => emu.close());

  it("GET /events/{event_id} carries every field EventResponse requires", async () => {
    const spec = parse(readFileSync(SPECS[0]!, "utf8")) as Spec;
    const required = spec.components.schemas.EventResponse?.required ?? [];
    const event = await (await fetch(`${emu.url}/api/events/${emu.events[1]!.id}`)).json();
    expect(required.filter((k) => !(k in event))).toEqual([]);
  });
});

describe.skipIf(!has(MQTT_EXAMPLE))("Frigate MQTT event payloads", () => {
  it("have exactly the fields of Frigate's documented example", async () => {
    const [example] = JSON.parse(readFileSync(MQTT_EXAMPLE, "utf8")) as { type: string; before: object; after: any }[];
    const emu = await startFrigateEmulator();
    try {
      const { mqtt } = emu.addEvent({ camera: "front_door", label: "person", sub_label: "alice", zones: ["porch"] });
      expect(mqtt.map((m) => m.type)).toEqual(["new", "update", "end"]);
      const update = mqtt.find((m) => m.type === example!.type)!;
      const keys = (o: object) => Object.keys(o).sort();
      expect(keys(update)).toEqual(keys(example!));
      expect(keys(update.before)).toEqual(keys(example!.before));
      expect(keys(update.after)).toEqual(keys(example!.after));
      expect(keys(update.after.snapshot!)).toEqual(keys(example!.after.snapshot));
      expect(update.after.sub_label).toEqual(["alice", expect.any(Number)]);
    } finally {
      await emu.close();
    }
  });
});

describe("Frigate MQTT event lifecycle", () => {
  it("end messages close the object", () => {
    const [, , end] = mqttEventLifecycle({
      id: "1.0-abcdef",
      camera: "driveway",
      label: "car",
      sub_label: null,
      sub_label_score: null,
      zones: ["street"],
      start_time: 1,
      end_time: 9,
      has_clip: true,
      has_snapshot: true,
      score: 0.8,
      top_score: 0.85,
      false_positive: false,
      box: [0.1, 0.1, 0.2, 0.2],
      region: [0, 0, 0.5, 0.5],
      retain_indefinitely: false,
    });
    expect(end!.after).toMatchObject({ active: false, end_time: 9 });
    expect(end!.before.end_time).toBeNull();
  });
});
