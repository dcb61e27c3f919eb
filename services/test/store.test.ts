import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../src/store/db.js";
import { toFtsQuery } from "../src/store/memories.js";
import { tempDir } from "./helpers/jarvis.js";

let file: string;
let store: Store;

beforeEach(() => {
  file = path.join(tempDir(), "nested", "jarvis.db");
  store = Store.open(file);
});
afterEach(() => store.close());

describe("store", () => {
  it("creates every table, the FTS index and WAL mode on a new file", () => {
    store.close();
    const db = new Database(file, { readonly: true });
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%'")
      .all()
      .map((r: any) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "events",
        "conversations",
        "messages",
        "cluster_snapshots",
        "preferences",
        "memories",
        "memories_fts",
        "cost_ledger",
        "approvals",
        "__drizzle_migrations",
      ]),
    );
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("opens an existing database again without re-running migrations", () => {
    store.events.add({ type: "status", source: "system", title: "kept" });
    store.close();
    store = Store.open(file);
    expect(store.events.list().map((e) => e.title)).toEqual(["kept"]);
  });

  it("round-trips events with their data and lists newest first with filters", () => {
    const a = store.events.add({ type: "alert", severity: "warning", source: "monitor", title: "Person at door", data: { camera: "front" } });
    store.events.add({ type: "action", source: "jarvis", title: "Started VM 101", node: "pve" });
    const c = store.events.add({ type: "alert", severity: "critical", source: "monitor", title: "Node down", node: "pve2" });
    expect(a.id).toBeGreaterThan(0);
    expect(a.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(a.createdAt.getTime() - Date.now())).toBeLessThan(5_000);
    expect(a.resolved).toBe(false);

    const alerts = store.events.list({ types: ["alert"] });
    expect(alerts.map((e) => e.title)).toEqual(["Node down", "Person at door"]);
    expect(alerts[1]!.data).toEqual({ camera: "front" });
    expect(store.events.list({ severity: "critical" }).map((e) => e.id)).toEqual([c.id]);
    expect(store.events.list({ beforeId: c.id, limit: 1 }).map((e) => e.title)).toEqual(["Started VM 101"]);
    expect(store.events.resolve(c.id)).toBe(true);
    expect(store.events.list({ severity: "critical" })[0]!.resolved).toBe(true);
  });

  it("hands each stored event to subscribers until they unsubscribe", () => {
    const seen: string[] = [];
    const stop = store.events.subscribe((e) => seen.push(e.title));
    store.events.add({ type: "status", source: "system", title: "one" });
    stop();
    store.events.add({ type: "status", source: "system", title: "two" });
    expect(seen).toEqual(["one"]);
  });

  it("rejects an event type the schema does not know", () => {
    expect(() => store.events.add({ type: "bogus" as "alert", source: "system", title: "x" })).toThrow();
  });

  it("round-trips memories of each kind", () => {
    const m = store.memories.add({ kind: "preference", content: "Sam likes the office at 21 degrees", tags: "sam office" });
    expect(store.memories.get(m.id)).toMatchObject({ kind: "preference", content: m.content, importance: 0.5 });
    expect(store.memories.recent({ kinds: ["preference"] }).map((r) => r.id)).toEqual([m.id]);
    expect(store.memories.recent({ kinds: ["episodic"] })).toEqual([]);
  });

  it("gives each memory tier its lifetime: a week, a month, or until forgotten", () => {
    const now = new Date("2026-06-01T12:00:00Z");
    const days = (m: { expiresAt: Date | null }) => (m.expiresAt === null ? null : (m.expiresAt.getTime() - now.getTime()) / 86_400_000);
    expect(days(store.memories.add({ kind: "conversation", content: "we talked about VM 105" }, now))).toBe(7);
    expect(days(store.memories.add({ kind: "episodic", content: "restarted VM 105" }, now))).toBe(30);
    expect(days(store.memories.add({ kind: "semantic", content: "VM 105 runs Plex" }, now))).toBeNull();
    expect(days(store.memories.add({ kind: "preference", content: "Sam likes it warm" }, now))).toBeNull();
    expect(days(store.memories.add({ kind: "episodic", content: "kept on purpose", expiresAt: null }, now))).toBeNull();
  });

  it("leaves expired memories out of searches and purges them from the table and the index", () => {
    const past = new Date(Date.now() - 8 * 86_400_000);
    const old = store.memories.add({ kind: "conversation", content: "the zeppelin conversation" }, past);
    const fresh = store.memories.add({ kind: "conversation", content: "the zeppelin conversation again" });
    expect(store.memories.search("zeppelin").map((h) => h.memory.id)).toEqual([fresh.id]);
    expect(store.memories.purgeExpired()).toBe(1);
    expect(store.memories.get(old.id)).toBeUndefined();
    expect(store.memories.get(fresh.id)).toBeDefined();
    // The FTS index dropped it too: only one row still matches.
    store.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM memories_fts WHERE memories_fts MATCH 'zeppelin'").get()).toEqual({ n: 1 });
    db.close();
    store = Store.open(file);
  });

  it("finds memories by relevance, with stemming, and forgets them from the index", () => {
    store.memories.add({ kind: "semantic", content: "The NAS backup job runs nightly on node pve2" });
    const plex = store.memories.add({ kind: "semantic", content: "Plex runs in container 105 and Plex transcodes on the GPU", tags: "plex media" });
    store.memories.add({ kind: "episodic", content: "Restarted the kitchen lights integration" });
    store.memories.add({ kind: "semantic", content: "Container 200 is the Home Assistant VM" });

    const hits = store.memories.search("which container is plex in?");
    expect(hits[0]!.memory.id).toBe(plex.id);
    expect(hits.map((h) => h.memory.content)).not.toContain("Restarted the kitchen lights integration");

    expect(store.memories.search("restarting")[0]!.memory.content).toMatch(/Restarted/);
    expect(store.memories.search("zebra")).toEqual([]);
    expect(store.memories.search('"); DROP TABLE memories; --')).toEqual([]);

    expect(store.memories.forget(plex.id)).toBe(true);
    expect(store.memories.search("plex")).toEqual([]);
    expect(store.memories.get(plex.id)).toBeUndefined();
  });

  it("ranks the more important of two equally relevant memories first and records access", () => {
    const low = store.memories.add({ kind: "semantic", content: "the garage door sensor", importance: 0.1 });
    const high = store.memories.add({ kind: "semantic", content: "the garage door sensor", importance: 0.9 });
    const hits = store.memories.search("garage sensor");
    expect(hits.map((h) => h.memory.id)).toEqual([high.id, low.id]);
    store.memories.search("garage door");
    // Recalls are counted in memory and written in batches; closing writes what is left.
    store.close();
    store = Store.open(file);
    expect(store.memories.get(high.id)).toMatchObject({ accessCount: 2, lastAccessedAt: expect.any(Date) });
    expect(store.memories.get(low.id)!.accessCount).toBe(2);
  });

  it("writes counted recalls once a minute has passed, without waiting for close", () => {
    const m = store.memories.add({ kind: "semantic", content: "the heat pump defrost cycle" });
    const t0 = new Date("2026-06-01T12:00:00Z");
    store.memories.search("heat pump", { now: t0 });
    expect(store.memories.get(m.id)!.accessCount).toBe(0);
    store.memories.search("defrost", { now: new Date(t0.getTime() + 61_000) });
    expect(store.memories.get(m.id)).toMatchObject({ accessCount: 2, lastAccessedAt: new Date(t0.getTime() + 61_000) });
  });

  it("in a large store, leaves out words nearly every memory has, and ranks by what is left", () => {
    store.db.transaction(() => {
      for (let i = 0; i < 2_500; i++) store.memories.add({ kind: "semantic", content: `guest ${100 + (i % 50)} uses ${i % 7} GiB` });
    });
    const hits = store.memories.search("how much does guest 105 use");
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.memory.content.startsWith("guest 105 "))).toBe(true);
    // Only common words: the newest matches come first.
    const newest = store.memories.search("guest");
    expect(newest[0]!.memory.content).toBe(`guest ${100 + (2_499 % 50)} uses ${2_499 % 7} GiB`);
  });

  it("leaves expired memories out", () => {
    const past = new Date(Date.now() - 60_000);
    store.memories.add({ kind: "episodic", content: "guest wifi password rotated", expiresAt: past });
    expect(store.memories.search("wifi")).toEqual([]);
    expect(store.memories.recent()).toEqual([]);
  });

  it("builds safe FTS queries from free text", () => {
    expect(toFtsQuery("Is VM 101 up?")).toBe('"is" OR "vm" OR "101" OR "up"');
    expect(toFtsQuery('" OR * NEAR(')).toBe('"or" OR "near"');
    expect(toFtsQuery("?!")).toBeNull();
  });
});

describe("migrations", () => {
  it("upgrade a database made before the conversation tier, keeping every memory searchable", () => {
    const services = path.resolve(import.meta.dirname, "..");
    const dir = tempDir("jarvis-upgrade-");
    const folder = path.join(dir, "migrations");
    cpSync(path.join(services, "src/store/migrations"), folder, { recursive: true });
    rmSync(path.join(folder, "0004_conversation_memory.sql"));
    const journalFile = path.join(folder, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalFile, "utf8"));
    journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < "0004");
    writeFileSync(journalFile, JSON.stringify(journal));
    const oldFile = path.join(dir, "old.db");
    const sqlite = new Database(oldFile);
    migrate(drizzle(sqlite), { migrationsFolder: folder });
    sqlite.prepare("INSERT INTO memories (kind, content) VALUES ('semantic', 'the quokka lives on pve3')").run();
    expect(() => sqlite.prepare("INSERT INTO memories (kind, content) VALUES ('conversation', 'x')").run()).toThrow(/CHECK/);
    sqlite.close();

    const upgraded = Store.open(oldFile);
    try {
      expect(upgraded.memories.search("quokka").map((h) => h.memory.content)).toEqual(["the quokka lives on pve3"]);
      const digest = upgraded.memories.add({ kind: "conversation", content: "a quokka conversation" });
      expect(upgraded.memories.search("quokka")).toHaveLength(2);
      upgraded.memories.forget(digest.id);
      expect(upgraded.memories.search("quokka")).toHaveLength(1);
      expect(upgraded.conversations.ensure("c", "card")).toMatchObject({ summary: null, summarizedThrough: null });
    } finally {
      upgraded.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("are in step with schema.ts (drizzle-kit finds nothing new to generate)", () => {
    const services = path.resolve(import.meta.dirname, "..");
    // drizzle-kit wants an output folder relative to the working directory.
    const out = mkdtempSync(path.join(services, ".migration-check-"));
    try {
      cpSync(path.join(services, "src/store/migrations"), out, { recursive: true });
      const before = readdirSync(out).length;
      const run = spawnSync(
        "npx",
        ["drizzle-kit", "generate", "--dialect", "sqlite", "--schema", "./src/store/schema.ts", "--out", path.relative(services, out)],
        { cwd: services, encoding: "utf8" },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain("No schema changes");
      expect(readdirSync(out)).toHaveLength(before);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
