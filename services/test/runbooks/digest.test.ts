// The daily digest on the test's clock: at its time it is one event (what happened, what Jarvis did on its
// own, what waits for approval, the day's spend) fired into Home Assistant too; never twice a day, not even
// across a restart; one missed by a short outage goes out late, a long-missed one waits for the next day.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Digest, DIGEST_PREFERENCE } from "../../src/runbooks/digest.js";
import { Store } from "../../src/store/db.js";

let store: Store;
let clock: number;
let told: { type: string; data: Record<string, unknown> }[];

beforeEach(() => {
  store = Store.open(":memory:");
  told = [];
});
afterEach(() => store.close());

function digest(pending: { action_id: string; summary: string; requested_by: string | null }[] = [], spent = 0.42) {
  return new Digest({
    at: 8 * 60,
    events: store.events,
    runs: store.runbookRuns,
    prefs: store.preferences,
    pending: () => pending,
    spentSince: () => spent,
    dailyCostLimit: 5,
    reporter: { announce: (type, data) => void told.push({ type, data }) },
    now: () => clock,
  });
}

/** Today at this local time: events carry the real time, so the digest's day must be today. */
const at = (hhmm: string, dayOffset = 0) => {
  const d = new Date();
  d.setDate(d.getDate() + dayOffset);
  d.setHours(Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5)), Number(hhmm.slice(6, 8) || 0), 0);
  return d.getTime();
};
const day = (offset = 0) => {
  const d = new Date(at("12:00", offset));
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};
const digests = () => store.events.list({ source: "jarvis" }).filter((e) => e.data?.digest);

function run(status: "done" | "left_alone", done: string, subject: string) {
  const id = `${subject}-${Math.random()}`;
  store.runbookRuns.create({ id, runbook: "guest_crash", subject, status: "looking", trigger: {}, state: { findings: {}, acts: [], decision: { verdict: "act", done } }, createdAt: new Date(clock - 3_600_000) });
  store.runbookRuns.update(id, { status, finishedAt: new Date(clock) }, new Date(clock));
}

describe("the daily digest", () => {
  it("goes out once at its time with what happened, what Jarvis did, what waits and the spend", async () => {
    clock = at("07:59");
    store.events.add({ type: "alert", severity: "critical", source: "monitor", title: "Node pve2 is offline" });
    store.events.add({ type: "alert", severity: "warning", source: "monitor", title: "VM 102 (docker-host) stopped unexpectedly" });
    store.events.add({ type: "alert", severity: "error", source: "jarvis", title: "Runbook: over to you", data: { runbook: "guest_crash" } });
    run("done", "Started VM 102 (docker-host) again", "guest/102");
    run("done", "Started VM 102 (docker-host) again", "guest/102");
    run("left_alone", "Start container 103", "guest/103");
    const d = digest([{ action_id: "a1", summary: "Prune the backups on nas-backup (pve1), keeping the newest 2 of each guest", requested_by: "runbook:storage_full" }]);

    expect(d.maybeSend()).toBe(false);
    clock = at("08:00:30");
    expect(d.maybeSend()).toBe(true);
    expect(d.maybeSend()).toBe(false);
    const [event] = digests();
    expect(event).toMatchObject({ type: "status", title: `Daily digest for ${day()}` });
    expect(event!.message!.split("\n")).toEqual([
      "What happened: 2 alerts (1 critical, 1 warning): VM 102 (docker-host) stopped unexpectedly; Node pve2 is offline.",
      "What Jarvis did on its own: Started VM 102 (docker-host) again (2 times); left 1 alone.",
      "Waiting for approval: Prune the backups on nas-backup (pve1), keeping the newest 2 of each guest.",
      "Spend: $0.42 on models in the last 24 hours (daily limit $5.00).",
    ]);
    expect(event!.data!.digest).toMatchObject({ alerts: 2, left_alone: 1, spent_usd: 0.42, waiting: [{ action_id: "a1" }] });
    expect(told).toEqual([{ type: "jarvis_digest", data: { title: `Daily digest for ${day()}`, message: event!.message, event_id: event!.id } }]);
  });

  it("is not sent twice after a restart, goes out late after a short outage, and skips a day missed long ago", () => {
    clock = at("08:05");
    expect(digest().maybeSend()).toBe(true);
    expect(digest().maybeSend()).toBe(false); // a new instance: the day is remembered
    expect(store.preferences.get(DIGEST_PREFERENCE)).toBe(day());

    clock = at("09:30", 1); // Jarvis was down at 08:00
    expect(digest().maybeSend()).toBe(true);
    clock = at("13:00", 2); // down all morning: no digest at lunch, the next one tomorrow
    expect(digest().maybeSend()).toBe(false);
    clock = at("08:00", 3);
    expect(digest().maybeSend()).toBe(true);
    expect(digests().map((e) => e.title)).toEqual([3, 1, 0].map((n) => `Daily digest for ${day(n)}`));
  });

  it("says so when nothing happened", () => {
    clock = at("08:00");
    digest([], 0).maybeSend();
    expect(digests()[0]!.message).toBe(
      "What happened: no alerts.\nWhat Jarvis did on its own: nothing.\nWaiting for approval: nothing.\nSpend: $0.00 on models in the last 24 hours (daily limit $5.00).",
    );
  });
});
