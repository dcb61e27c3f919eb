// addon/config.yaml against HA's schema and against the settings table: every option is a setting and every
// setting with an option key is in the form, with the same type, bounds and defaults; translations name them all.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { SETTINGS, type Setting } from "../../src/config/index.js";
import { ADDON, REPO, SERVICES, SHARED_SCHEMA, addonConfig, readYaml } from "./files.js";

const config = addonConfig();
const withOption = (Object.values(SETTINGS) as Setting[]).filter((s) => s.option !== undefined);
const byOption = new Map(withOption.map((s) => [s.option!, s]));

/** The scalar type of an option: its own, or its list's element type ("" for a list of objects). */
const scalarType = (t: unknown): string => (Array.isArray(t) ? scalarType(t[0]) : typeof t === "string" ? t : "");
const bounds = (t: string) => /\((-?[\d.]+),(-?[\d.]+)\)/.exec(t)!.slice(1).map(Number) as [number, number];
const accepts = (s: Setting, v: unknown) => s.kind.schema.safeParse(v).success;

// A valid value for each field of the list-of-object options.
const FIELD_SAMPLES: Record<string, unknown> = {
  name: "pve1",
  host: "127.0.0.1",
  port: 8006,
  fingerprint: Array(32).fill("AB").join(":"),
  ssh_port: 2222,
  mac: "aa:bb:cc:dd:ee:ff",
  owner: "Sam",
  ip: "127.0.0.9",
  tool: "stop_vm",
  tier: "YELLOW",
  model: "claude-test-1",
  input: 3,
  output: 15,
  cache_read: 0.3,
  cache_write: 3.75,
  runbook: "guest_crash",
  max_per_hour: 3,
  targets: "101, pve2",
  quiet_hours: "22:00-07:00",
};

/** The form's fields and the server's object agree: same fields kept, same ones required. */
function checkObjectList(option: string, setting: Setting, fields: Record<string, string>): void {
  const item = Object.fromEntries(Object.keys(fields).map((k) => [k, FIELD_SAMPLES[k]]));
  const parsed = setting.kind.schema.safeParse([item]);
  expect(parsed.success, `${option}: ${JSON.stringify(item)}`).toBe(true);
  const kept = JSON.stringify(parsed.data);
  for (const value of Object.values(item)) expect(kept, option).toContain(JSON.stringify(value));
  for (const [field, type] of Object.entries(fields)) {
    const { [field]: _dropped, ...without } = item;
    expect(accepts(setting, [without]), `${option} without ${field}`).toBe(type.endsWith("?"));
  }
}

describe("addon/config.yaml", () => {
  it.skipIf(!existsSync(SHARED_SCHEMA))("passes the add-on config schema", () => {
    // The schema's services pattern uses Python's (?P<name>) groups; JavaScript spells them (?<name>).
    const schema = JSON.parse(readFileSync(SHARED_SCHEMA, "utf8").replaceAll("(?P<", "(?<"));
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });
  if (!existsSync(SHARED_SCHEMA)) console.log(`note: ${SHARED_SCHEMA} is absent; schema conformance skipped`);

  it("is the arm64/x86-64 app HA's current docs describe, run by s6 and reached through ingress", () => {
    expect(config.arch).toEqual(["aarch64", "amd64"]);
    expect(config.init).toBe(false);
    expect(config.slug).toBe("jarvis");
    expect(config.discovery).toEqual(["jarvis", "wyoming", "mcp"]);
    expect(config.services).toEqual(["mqtt:want"]);
    expect(existsSync(path.join(ADDON, "build.yaml"))).toBe(false);
  });

  it("carries the server's version, ports and health URL", () => {
    const pkg = JSON.parse(readFileSync(path.join(SERVICES, "package.json"), "utf8"));
    expect(config.version).toBe(pkg.version);
    const port = SETTINGS.port.default;
    expect(config.ingress_port).toBe(port);
    expect(config.watchdog).toBe(`http://[HOST]:[PORT:${port}]/api/health`);
    expect(Object.keys(config.ports)).toEqual([`${port}/tcp`, `${SETTINGS.wyomingPort.default}/tcp`]);
  });

  it("offers exactly the settings that have an add-on option key", () => {
    expect(Object.keys(config.schema).sort()).toEqual([...byOption.keys()].sort());
    expect(Object.keys(config.options).filter((k) => !(k in config.schema))).toEqual([]);
  });

  it("asks for secrets as passwords and leaves settings without a default optional", () => {
    for (const [option, setting] of byOption) {
      const type = scalarType(config.schema[option]);
      if (setting.secret) expect(type, option).toMatch(/^password\??$/);
      if (setting.default === undefined) {
        expect(type, option).toMatch(/\?$/);
        expect(config.options, option).not.toHaveProperty(option);
      }
    }
  });

  it("fills the form with the settings table's own defaults", () => {
    for (const [option, setting] of byOption) {
      if (setting.default === undefined) continue;
      expect(config.options, option).toHaveProperty(option);
      const parsed = setting.kind.schema.safeParse(config.options[option]);
      expect(parsed.success, option).toBe(true);
      expect(parsed.data, option).toEqual(setting.default);
    }
  });

  it("gives each option the type and bounds the server checks", () => {
    for (const [option, setting] of byOption) {
      const declared = config.schema[option];
      const type = scalarType(declared).replace(/\?$/, "");
      const one = (v: unknown) => (Array.isArray(declared) ? [v] : v);
      if (type.startsWith("int(") || type.startsWith("float(")) {
        const [lo, hi] = bounds(type);
        const step = type.startsWith("int(") ? 1 : 0.01;
        expect([accepts(setting, one(lo)), accepts(setting, one(hi))], option).toEqual([true, true]);
        expect([accepts(setting, one(lo - step)), accepts(setting, one(hi + step))], option).toEqual([false, false]);
      } else if (type === "bool") {
        expect([accepts(setting, true), accepts(setting, "yes")], option).toEqual([true, false]);
      } else if (type.startsWith("list(")) {
        for (const v of type.slice(5, -1).split("|")) expect(accepts(setting, v), `${option}=${v}`).toBe(true);
        expect(accepts(setting, "nope"), option).toBe(false);
      } else if (type === "url") {
        expect(accepts(setting, "not a url"), option).toBe(false);
      } else if (type.startsWith("match(")) {
        const re = new RegExp(type.slice(6, -1));
        for (const v of [config.options[option] ?? []].flat()) expect(re.test(v), `${option}: ${v}`).toBe(true);
      } else if (type === "str" || type === "password") {
        expect(accepts(setting, one("x".repeat(32))), option).toBe(true);
      } else {
        expect(type, option).toBe("");
        checkObjectList(option, setting, declared[0]);
      }
    }
  });

  it("is named and described for people in translations/en.yaml, options and fields alike", () => {
    const en = readYaml(path.join(ADDON, "translations/en.yaml"));
    expect(Object.keys(en.configuration).sort()).toEqual(Object.keys(config.schema).sort());
    for (const [option, entry] of Object.entries<any>(en.configuration)) {
      expect(entry.name?.length, option).toBeGreaterThan(2);
      expect(entry.description?.length, option).toBeGreaterThan(10);
      const declared = config.schema[option];
      if (Array.isArray(declared) && typeof declared[0] === "object") {
        expect(Object.keys(entry.fields ?? {}).sort(), option).toEqual(Object.keys(declared[0]).sort());
      }
    }
  });

  it("describes every port of the Network section under the key config.yaml gives it", () => {
    // The Supervisor looks the description up by the ports key as written, and its keys are lowercase
    // (`4000/tcp`): `4000/TCP` would never show.
    const en = readYaml(path.join(ADDON, "translations/en.yaml"));
    for (const port of Object.keys(config.ports)) {
      expect(port, "ports key").toMatch(/^\d+\/(tcp|udp)$/);
      expect(en.network?.[port]?.length, `network description of ${port}`).toBeGreaterThan(10);
    }
    expect(Object.keys(en.network).sort()).toEqual(Object.keys(config.ports).sort());
  });

  it("sits in a repository HA's app store can add", () => {
    const repo = readYaml(path.join(REPO, "repository.yaml"));
    expect(Object.keys(repo).sort()).toEqual(["maintainer", "name", "url"]);
    expect(config.url).toBe(repo.url);
  });
});
