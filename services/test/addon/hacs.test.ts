// hacs.json: what HACS reads to offer the integration as a custom repository. Checked against the shared HACS
// schema when it is present, and against what the integration itself needs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { REPO } from "./files.js";

const HACS = JSON.parse(readFileSync(path.join(REPO, "hacs.json"), "utf8"));
const SCHEMA = path.resolve(REPO, "../shared/schemas/hacs.schema.json");
// async_extract_entity_ids without `hass` (services.py) arrived in 2025.10; older HA cannot run the integration.
const MINIMUM_HA = [2025, 10, 0];

const version = (v: string) => v.replace(/b0$/, "").split(".").map(Number);
const atLeast = (v: number[], min: number[]) => {
  for (let i = 0; i < min.length; i++) if ((v[i] ?? 0) !== min[i]) return (v[i] ?? 0) > min[i]!;
  return true;
};

describe("hacs.json", () => {
  it.skipIf(!existsSync(SCHEMA))("follows the HACS manifest schema", () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(SCHEMA, "utf8")));
    expect(validate(HACS), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });
  if (!existsSync(SCHEMA)) console.log(`note: ${SCHEMA} is absent; hacs.json schema conformance skipped`);

  it("offers the integration only to a Home Assistant that can run it", () => {
    expect(HACS.homeassistant).toMatch(/^\d+\.\d+\.\d+$/);
    expect(atLeast(version(HACS.homeassistant), MINIMUM_HA), HACS.homeassistant).toBe(true);
  });

  it("names the one integration HACS installs from custom_components/", () => {
    expect(HACS.content_in_root ?? false).toBe(false);
    const integrations = readdirSync(path.join(REPO, "custom_components")).filter((d) =>
      existsSync(path.join(REPO, "custom_components", d, "manifest.json")),
    );
    expect(integrations).toEqual(["jarvis"]);
    const manifest = JSON.parse(readFileSync(path.join(REPO, "custom_components/jarvis/manifest.json"), "utf8"));
    expect(HACS.name).toBe(manifest.name);
  });
});
