// The demo's runbook story on the real server in demo mode, as the card sees it: a guest the demo starts
// crashes a little later, the monitor sees it stop with no task behind it, the guest_crash runbook starts it
// again, and the events the card subscribes to say so. (The demo waits a minute; this waits three seconds.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CRASHING_GUEST, demoRunbooks } from "../emulators/demo-runbooks.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { request } from "../helpers/http.js";
import { PASSWORD, startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { TestSocket } from "../helpers/ws.js";

let lab: HomeLab;
let jarvis: TestJarvis;
let scenario: ReturnType<typeof demoRunbooks>;

beforeAll(async () => {
  lab = await startHomeLab({ taskMs: 200 });
  scenario = demoRunbooks(lab, { crashAfterMs: 3_000 });
  // Started before Jarvis, so the monitor's first read sees it running.
  scenario.begin();
  jarvis = await startTestJarvis({ ...lab.env, ...scenario.env, CLUSTER_POLL_SECONDS: "5" }, { demo: true });
}, 60_000);
afterAll(async () => {
  await jarvis?.stop();
  await lab?.close();
});

describe("npm run demo: a crashing guest", () => {
  it("is started again by the runbook, and the card's event feed says so", async () => {
    const { json } = await request(`${jarvis.url}/api/auth/login`, { method: "POST", body: { password: PASSWORD } });
    const card = await TestSocket.open(jarvis.wsUrl);
    expect((await card.call({ id: 1, type: "auth", access_token: json.token })).success).toBe(true);
    expect((await card.call({ id: 2, type: "subscribe_events", history: 0 })).success).toBe(true);

    const said = (title: string) => card.next((m) => m.id === 2 && m.type === "event" && m.event.title === title, 45_000);
    const stopped = await said(`VM ${CRASHING_GUEST} (k3s-node) stopped unexpectedly`);
    expect(stopped.event).toMatchObject({ type: "alert", source: "monitor" });
    const started = await said(`Runbook: Started VM ${CRASHING_GUEST} (k3s-node) again`);
    expect(started.event).toMatchObject({ type: "action", source: "jarvis", data: { runbook: "guest_crash", actor: "runbook:guest_crash", outcome: "done" } });
    expect(started.event.message).toMatch(/no task behind it/);
    expect(lab.proxmox.cluster.guests.get(CRASHING_GUEST)!.status).toBe("running");
    card.close();
  }, 60_000);
});
