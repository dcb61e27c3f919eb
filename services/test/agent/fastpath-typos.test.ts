// A slip in a name is corrected only when one name word is that close: with a Beach Light and a Bench Light,
// "beech light" is either, so nothing is done; "beach lihgt" and "bnech light" are one of them.
import { describe, expect, it } from "vitest";
import type { Catalog, CatalogEntity } from "../../src/agent/fastpath/catalog.js";
import { FastPath } from "../../src/agent/fastpath/fastpath.js";
import type { ToolRegistry } from "../../src/tools/registry.js";

const light = (id: string, name: string): CatalogEntity => ({ id: `light.${id}`, name, domain: "light", area: "Garden" });
const entities = [light("beach", "Beach Light"), light("bench", "Bench Light"), light("night", "Night Light")];
const catalog: Catalog = {
  entities: async () => entities,
  areas: async () => [{ name: "Garden" }],
  guests: async () => [],
  nodes: async () => [],
  storages: async () => [],
  cameras: async () => [],
  state: () => undefined,
};
const registry = { get: () => ({}) } as unknown as ToolRegistry;
const fast = new FastPath(registry, catalog);

const target = async (utterance: string) => {
  const r = await fast.match(utterance);
  return r.kind === "calls" ? r.calls.map((c) => c.args.entity_id) : r.kind;
};

describe("a slip in a name", () => {
  it("is corrected when one name word is that close", async () => {
    expect(await target("turn on the bnech light")).toEqual(["light.bench"]);
    expect(await target("turn on the beach lihgt")).toEqual(["light.beach"]);
  });

  it("is left alone when two name words are that close, or when the word means something already", async () => {
    expect(await target("turn on the beech light")).toBe("none");
    expect(await target("turn on the right light")).toBe("none");
    expect(await target("turn on the beech")).toBe("none");
  });
});
