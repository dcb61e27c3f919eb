// Approvals bound to what the person saw and who they are (issue 16, part 3), at the registry: a keyword
// approves only the actions Jarvis's reply right before it named, in that conversation; only the person who
// asked or an admin approves, RED an admin only, by keyword and by id alike; a call whose tier rose since it
// was held does not run on the old approval; approvals stored before the `offered` column still work.
import Database from "better-sqlite3";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { Store } from "../../src/store/db.js";
import { ApprovalWords } from "../../src/tools/approval-words.js";
import { Redactor } from "../../src/tools/redact.js";
import { callHash, mayApprove, ToolRegistry, type CallContext } from "../../src/tools/registry.js";
import type { ToolOutcome } from "../../src/tools/outcome.js";
import { defineTool, type ToolDef } from "../../src/tools/tool.js";
import { tempDir } from "../helpers/jarvis.js";

const KEYWORD = "JARVIS-EXECUTE";
const OVERRIDE = "blue harvest";
const ran: string[] = [];
/** Guests whose stop is RED now (a fact that can change between hold and approval). */
const dangerous = new Set<number>();

const TOOLS: ToolDef[] = [
  defineTool({
    name: "stop_vm",
    category: "lifecycle",
    description: "stop",
    input: z.object({ vmid: z.int() }),
    tier: "ORANGE",
    raise: (a) => (dangerous.has(a.vmid) ? "RED" : "GREEN"),
    summarize: (a) => `Stop VM ${a.vmid}`,
    handler: async (a) => (ran.push(`stop ${a.vmid}`), { stopped: a.vmid }),
  }),
  defineTool({
    name: "delete_snapshot",
    category: "lifecycle",
    description: "delete",
    input: z.object({ vmid: z.int(), name: z.string() }),
    tier: "RED",
    handler: async (a) => (ran.push(`delete ${a.vmid}/${a.name}`), { deleted: true }),
  }),
];

let store: Store;
let registry: ToolRegistry;

const makeRegistry = () =>
  new ToolRegistry(TOOLS, {
    approvals: store.approvals,
    events: store.events,
    words: new ApprovalWords(KEYWORD, OVERRIDE),
    redactor: new Redactor([]),
    facts: { protectedGuests: new Set(), protectedServices: new Set() },
    log: pino({ level: "silent" }),
  });

beforeEach(() => {
  ran.length = 0;
  dangerous.clear();
  store = Store.open(path.join(tempDir(), "j.db"));
  for (const id of ["c1", "c2"]) store.conversations.ensure(id, "ha", "sam");
  registry = makeRegistry();
});
afterEach(() => store.close());

let clock = Date.now();
/** A person's message in a conversation, a moment after everything before it. */
const said = (personMessage: string, who: { actor?: string; admin?: boolean } = {}, conversationId = "c1") => ({
  actor: who.actor ?? "sam",
  admin: who.admin ?? false,
  channel: "agent" as const,
  conversationId,
  personMessage,
  messageAt: new Date((clock += 10_000)),
});
const hold = async (name: string, args: unknown, ctx: CallContext) => {
  const out = await registry.execute({ name, args }, ctx);
  expect(out.status).toBe("approval_required");
  return (out as Extract<ToolOutcome, { status: "approval_required" }>).actionId;
};
/** A turn of the agent: the message answers the previous reply, then this reply names `named`. */
const answer = async (ctx: ReturnType<typeof said>, named: string[] = []) => {
  const outcomes = await registry.approveFromMessage(ctx);
  registry.offer(ctx.conversationId, named);
  return outcomes;
};
const statusOf = (id: string) => store.approvals.get(id)!.status;

describe("a keyword approves only what the reply right before it named", () => {
  it("runs the actions named in the last reply, and not one held two turns earlier", async () => {
    // Turn 1: stop 101 is held and named.
    const early = await hold("stop_vm", { vmid: 101 }, said("stop 101"));
    registry.offer("c1", [early]);
    // Turn 2: the person talks about something else; this reply holds and names stop 102 only.
    expect(await answer(said("what about 102?"), [])).toEqual([]);
    const late = await hold("stop_vm", { vmid: 102 }, said("what about 102?"));
    registry.offer("c1", [late]);
    // Turn 3: the keyword runs 102, which the person was just told about; 101 stays pending.
    const outcomes = await answer(said("JARVIS-EXECUTE"));
    expect(outcomes.map((o) => o.status)).toEqual(["ok"]);
    expect(ran).toEqual(["stop 102"]);
    expect([statusOf(early), statusOf(late)]).toEqual(["pending", "executed"]);
  });

  it("lets any message end the offer: the keyword after a reply that named nothing approves nothing", async () => {
    const id = await hold("stop_vm", { vmid: 101 }, said("stop 101"));
    registry.offer("c1", [id]);
    await answer(said("hmm, let me think"), []);
    expect(await answer(said("JARVIS-EXECUTE"))).toEqual([]);
    expect(ran).toEqual([]);
    expect(statusOf(id)).toBe("pending");
  });

  it("approves nothing when the message is not the answer, and the offer is gone after it", async () => {
    const id = await hold("stop_vm", { vmid: 101 }, said("stop 101"));
    registry.offer("c1", [id]);
    expect(await answer(said("Do NOT jarvis execute that"))).toEqual([]);
    expect(await answer(said("JARVIS-EXECUTE"))).toEqual([]);
    expect(ran).toEqual([]);
  });

  it("keeps conversations apart, and an action offered in one is not approved from another", async () => {
    const id = await hold("stop_vm", { vmid: 101 }, said("stop 101", {}, "c1"));
    registry.offer("c1", [id]);
    expect(await answer(said("JARVIS-EXECUTE", {}, "c2"))).toEqual([]);
    // Naming another conversation's action in a reply does not offer it here.
    registry.offer("c2", [id]);
    expect(await answer(said("JARVIS-EXECUTE", {}, "c2"))).toEqual([]);
    expect(ran).toEqual([]);
  });

  it("never runs a call from inside a turn, even the one held and named before", async () => {
    const id = await hold("stop_vm", { vmid: 101 }, said("stop 101"));
    registry.offer("c1", [id]);
    // The model repeats the call in the turn whose message is the keyword: it is the same pending action, held.
    const again = await registry.execute({ name: "stop_vm", args: { vmid: 101 } }, said("JARVIS-EXECUTE"));
    expect(again).toMatchObject({ status: "approval_required", actionId: id });
    expect(ran).toEqual([]);
  });
});

describe("who may approve", () => {
  it("lets the person who asked approve their ORANGE action, and nobody else but an admin", async () => {
    const mine = await hold("stop_vm", { vmid: 101 }, said("stop 101", { actor: "kim" }));
    registry.offer("c1", [mine]);
    // Someone else in the conversation, not an admin: refused, and the refusal is recorded.
    const other = await answer(said("JARVIS-EXECUTE", { actor: "lee" }));
    expect(other).toMatchObject([{ status: "refused", reason: expect.stringMatching(/person who asked .* or a Home Assistant admin/) }]);
    expect(statusOf(mine)).toBe("pending");
    expect(store.events.list({ types: ["action"] })[0]!.data).toMatchObject({ tool: "stop_vm", decision: "refused", actor: "lee" });
    // The person who asked, not an admin: runs.
    registry.offer("c1", [mine]);
    expect((await answer(said("yes, JARVIS-EXECUTE", { actor: "kim" }))).map((o) => o.status)).toEqual(["ok"]);
    // An admin approves anyone's.
    const kims = await hold("stop_vm", { vmid: 102 }, said("stop 102", { actor: "kim" }));
    registry.offer("c1", [kims]);
    expect((await answer(said("JARVIS-EXECUTE", { actor: "admin-1", admin: true }))).map((o) => o.status)).toEqual(["ok"]);
    expect(ran).toEqual(["stop 101", "stop 102"]);
  });

  it("approves RED for an admin with the override key only, by keyword and by id", async () => {
    const red = await hold("delete_snapshot", { vmid: 101, name: "s1" }, said("delete s1", { actor: "kim" }));
    expect(store.approvals.get(red)!.tier).toBe("RED");
    registry.offer("c1", [red]);
    // The person who asked, not an admin, with the key: refused.
    expect(await answer(said(OVERRIDE, { actor: "kim" }))).toMatchObject([{ status: "refused", reason: expect.stringMatching(/admin/) }]);
    // By id from the card, not an admin, with the key: refused.
    expect(await registry.approveById(red, { actor: "kim", channel: "card" }, OVERRIDE)).toMatchObject({ status: "refused", reason: expect.stringMatching(/admin/) });
    // An admin without the key: refused; with only the keyword: not approved.
    expect(await registry.approveById(red, { actor: "admin-1", admin: true, channel: "card" })).toMatchObject({ status: "refused", reason: /override key/ });
    registry.offer("c1", [red]);
    expect(await answer(said(KEYWORD, { actor: "admin-1", admin: true }))).toEqual([]);
    expect(ran).toEqual([]);
    // An admin with the key.
    registry.offer("c1", [red]);
    expect((await answer(said(`yes ${OVERRIDE}`, { actor: "admin-1", admin: true }))).map((o) => o.status)).toEqual(["ok"]);
    expect(ran).toEqual(["delete 101/s1"]);
    expect(store.approvals.get(red)).toMatchObject({ status: "executed", decidedBy: "admin-1" });
  });

  it("applies the same rule to approvals by id (the card's button, the HA service)", async () => {
    const kims = await hold("stop_vm", { vmid: 101 }, said("stop 101", { actor: "kim" }));
    expect(await registry.approveById(kims, { actor: "lee", channel: "card" })).toMatchObject({ status: "refused" });
    expect(await registry.approveById(kims, { actor: "home-assistant", channel: "ha" })).toMatchObject({ status: "refused" });
    expect(statusOf(kims)).toBe("pending");
    expect(await registry.approveById(kims, { actor: "kim", channel: "card" })).toMatchObject({ status: "ok" });
    expect(await registry.approveById(kims, { actor: "kim", channel: "card" })).toEqual({ status: "not_pending", actionId: kims });
    // An id needs no naming in a reply: the person saw this very action in the card.
    const other = await hold("stop_vm", { vmid: 102 }, said("stop 102", { actor: "kim" }));
    expect(await registry.approveById(other, { actor: "admin-1", admin: true, channel: "card" })).toMatchObject({ status: "ok" });
    expect(ran).toEqual(["stop 101", "stop 102"]);
  });

  it("states the rule as one function", () => {
    const orange = { tier: "ORANGE", requestedBy: "kim" };
    expect(mayApprove(orange, { actor: "kim" })).toBeNull();
    expect(mayApprove(orange, { actor: "lee", admin: true })).toBeNull();
    expect(mayApprove(orange, { actor: "lee" })).toMatch(/person who asked/);
    expect(mayApprove({ tier: "ORANGE", requestedBy: null }, { actor: "kim" })).toMatch(/person who asked/);
    expect(mayApprove({ tier: "RED", requestedBy: "kim" }, { actor: "kim" })).toMatch(/admin/);
    expect(mayApprove({ tier: "RED", requestedBy: "kim" }, { actor: "lee", admin: true })).toBeNull();
  });
});

describe("the approval is for the tier the person saw", () => {
  it("does not run a call whose tier rose since it was held", async () => {
    const id = await hold("stop_vm", { vmid: 105 }, said("stop 105"));
    dangerous.add(105);
    registry.offer("c1", [id]);
    const [outcome] = await answer(said(KEYWORD, { admin: true }));
    expect(outcome).toMatchObject({ status: "refused", tier: "RED", reason: /RED now .* ask for it again/ });
    expect(ran).toEqual([]);
    expect(statusOf(id)).toBe("failed");
  });
});

describe("approvals stored before the offered column", () => {
  it("are migrated, stay pending, approve by id, and need naming again for a keyword", async () => {
    const dir = tempDir();
    const file = path.join(dir, "old.db");
    // The database as it was at migration 0005, with a pending action in it.
    const migrations = fileURLToPath(new URL("../../src/store/migrations", import.meta.url));
    const old = path.join(dir, "migrations");
    cpSync(migrations, old, { recursive: true });
    const journalPath = path.join(old, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((e) => e.tag.startsWith("0005_"));
    expect(upTo).toBeGreaterThan(0);
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo + 1) }));
    const sqlite = new Database(file);
    migrate(drizzle(sqlite), { migrationsFolder: old });
    expect(sqlite.prepare("SELECT name FROM pragma_table_info('approvals')").all().map((c: any) => c.name)).not.toContain("offered");
    sqlite.prepare("INSERT INTO conversations (id, channel) VALUES ('c1', 'ha')").run();
    sqlite
      .prepare("INSERT INTO approvals (id, tool, args, args_hash, tier, conversation_id, requested_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run("old-1", "stop_vm", JSON.stringify({ vmid: 101 }), callHash("stop_vm", { vmid: 101 }), "ORANGE", "c1", "sam", Date.now() + 600_000);
    sqlite.close();

    store.close();
    store = Store.open(file);
    registry = makeRegistry();
    expect(store.approvals.get("old-1")).toMatchObject({ status: "pending", offered: false, requestedBy: "sam" });
    // No reply since the upgrade named it: the keyword alone does not approve it.
    expect(await registry.approveFromMessage(said(KEYWORD))).toEqual([]);
    expect(await registry.approveById("old-1", { actor: "sam", channel: "card" })).toMatchObject({ status: "ok" });
    expect(ran).toEqual(["stop 101"]);
  });
});
