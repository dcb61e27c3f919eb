// The card's live API against the whole server (startTestJarvis) on the simulated home lab plus a real sshd:
// subscribe_cluster with history and live updates, tool/run with progress and approvals, terminals on the
// real sshd (admins only), push-to-talk answered through offline recognition and the fast path, status,
// and which HTTP routes need a login.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { speakWav } from "../emulators/whisper/speak.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { request } from "../helpers/http.js";
import { PASSWORD, startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { startSshd, type TestSshd } from "../helpers/sshd.js";
import { TestSocket } from "../helpers/ws.js";

let lab: HomeLab;
let sshd: TestSshd;
let jarvis: TestJarvis;
let token: string;
const INTEGRATION_TOKEN = "integration-token-for-the-live-tests-0123";

beforeAll(async () => {
  [lab, sshd] = await Promise.all([startHomeLab({ taskMs: 1_500 }), startSshd()]);
  const nodes = lab.proxmox.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port, fingerprint: lab.proxmox.fingerprint, ssh_port: sshd.port }));
  jarvis = await startTestJarvis({
    ...lab.env,
    PVE_NODES: JSON.stringify(nodes),
    SSH_KEY_PATH: sshd.keyPath,
    SSH_KNOWN_HOSTS: sshd.knownHostsPath,
    SSH_USER: "root",
    INTEGRATION_TOKEN,
  });
  token = (await request(`${jarvis.url}/api/auth/login`, { method: "POST", body: { password: PASSWORD } })).json.token;
});
afterAll(async () => {
  await jarvis?.stop();
  await Promise.allSettled([lab?.close(), sshd?.stop()]);
});

async function authed(accessToken = token): Promise<TestSocket> {
  const s = await TestSocket.open(jarvis.wsUrl);
  expect((await s.call({ id: 1, type: "auth", access_token: accessToken })).success).toBe(true);
  return s;
}

const eventsOf = (s: TestSocket, id: number) => s.received.filter((m) => m.id === id && m.type === "event").map((m) => m.event);

describe("subscribe_cluster and tool/run", () => {
  it("sends the cluster with its history, then the change after a guest starts, with task progress", async () => {
    const s = await authed();
    const res = await s.call({ id: 2, type: "subscribe_cluster", history_minutes: 10 });
    expect(res.success).toBe(true);
    const { snapshot, history } = res.result;
    expect(snapshot.demo).toBe(false);
    expect(snapshot.nodes.map((n: any) => [n.name, n.online])).toEqual([["pve1", true], ["pve2", true], ["pve3", true]]);
    expect(snapshot.nodes[0]).toMatchObject({ mem_total_gib: 32, disk_total_gib: 94, temperature_c: expect.any(Number) });
    expect(snapshot.guests.find((g: any) => g.vmid === 107)).toMatchObject({ name: "k3s-node", kind: "qemu", status: "stopped", template: false });
    expect(snapshot.storage.find((st: any) => st.storage === "local-lvm" && st.node === "pve1")).toMatchObject({ total_gib: 800, used_gib: 310 });
    expect(history["node/pve1"]?.[0]).toEqual({ t: expect.any(Number), cpu_pct: expect.any(Number), mem_pct: expect.any(Number) });

    const started = s.next((m) => m.id === 2 && m.event?.snapshot?.guests.find((g: any) => g.vmid === 107)?.status === "running", 15_000);
    const run = await s.call({ id: 3, type: "tool/run", name: "start_vm", args: { vmid: 107 } });
    expect(run.result).toMatchObject({ status: "ok", tool: "start_vm", tier: "YELLOW" });
    const progress = eventsOf(s, 3);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]).toMatchObject({ type: "progress", tool: "start_vm", update: { status: "running", what: "start VM 107", upid: expect.stringMatching(/^UPID:/) } });
    expect(progress.at(-1).update.status).toBe("stopped");
    expect((await started).event.type).toBe("cluster");
    s.close();
  });

  it("holds an ORANGE tool for approval, and action/approve then stops the guest without a monitor alert", async () => {
    const s = await authed();
    expect((await s.call({ id: 9, type: "subscribe_cluster" })).success).toBe(true);
    const stopped = s.next((m) => m.id === 9 && m.event?.snapshot?.guests.find((g: any) => g.vmid === 102)?.status === "stopped", 15_000);
    const held = await s.call({ id: 2, type: "tool/run", name: "stop_vm", args: { vmid: 102 } });
    expect(held.result).toMatchObject({ status: "approval_required", tool: "stop_vm", tier: "ORANGE", needs: "keyword", actionId: expect.any(String) });
    expect(lab.proxmox.cluster.guests.get(102)!.status).toBe("running");

    const approved = await s.call({ id: 3, type: "action/approve", action_id: held.result.actionId });
    expect(approved.result).toMatchObject({ status: "ok", tool: "stop_vm" });
    expect(lab.proxmox.cluster.guests.get(102)!.status).toBe("stopped");
    const again = await s.call({ id: 4, type: "action/approve", action_id: held.result.actionId });
    expect(again.error.code).toBe("not_found");
    // The monitor saw the guest stop, and knows Jarvis did it.
    await stopped;
    expect(jarvis.store.events.list({ types: ["alert"], source: "monitor" })).toEqual([]);
    s.close();
  });

  it("refuses a tool that does not exist and bad arguments as outcomes, not crashes", async () => {
    const s = await authed();
    expect((await s.call({ id: 2, type: "tool/run", name: "format_disk", args: {} })).result).toMatchObject({ status: "refused", tier: "BLACK" });
    expect((await s.call({ id: 3, type: "tool/run", name: "start_vm", args: { vmid: "x" } })).result).toMatchObject({ status: "error" });
    s.close();
  });
});

describe("terminal", () => {
  it("runs a command on the node's shell and records who opened and closed it", async () => {
    const s = await authed();
    const opened = await s.call({ id: 2, type: "terminal/open", node: "pve1", cols: 100, rows: 30 });
    expect(opened.success).toBe(true);
    const id = opened.result.terminal_id;
    expect((await s.call({ id: 3, type: "terminal/input", terminal_id: id, data: "echo hello-$((6*7))\n" })).success).toBe(true);
    const deadline = Date.now() + 10_000;
    while (!eventsOf(s, 2).some((e) => e.type === "output" && e.data.includes("hello-42")) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const output = eventsOf(s, 2).filter((e) => e.type === "output").map((e) => e.data).join("");
    expect(output).toContain("hello-42");
    expect((await s.call({ id: 4, type: "terminal/resize", terminal_id: id, cols: 120, rows: 40 })).success).toBe(true);

    const exited = s.next((m) => m.id === 2 && m.event?.type === "exit");
    expect((await s.call({ id: 5, type: "terminal/close", terminal_id: id })).result).toEqual({ closed: id });
    expect((await exited).event.terminal_id).toBe(id);
    const recorded = jarvis.store.events.list({ types: ["action"], source: "user" }).filter((e) => e.data?.terminal_id === id);
    expect(recorded.map((e) => e.title).reverse()).toEqual(["Terminal opened on pve1", "Terminal closed on pve1"]);
    expect(recorded[0]).toMatchObject({ node: "pve1", data: { user: "jarvis", node: "pve1" } });
    expect((await s.call({ id: 6, type: "terminal/input", terminal_id: id, data: "ls\n" })).error.code).toBe("not_found");
    s.close();
  });

  it("refuses an HA user the integration relays who is not an admin, and an unknown node", async () => {
    const relay = await authed(INTEGRATION_TOKEN);
    const refused = await relay.call({ id: 2, type: "terminal/open", node: "pve1", cols: 80, rows: 24, user: { id: "guest-user", is_admin: false } });
    expect(refused.error).toEqual({ code: "forbidden", message: "the terminal is for administrators only" });
    // Without a named user the integration's connection is no admin either.
    expect((await relay.call({ id: 3, type: "terminal/open", node: "pve1", cols: 80, rows: 24 })).error.code).toBe("forbidden");
    relay.close();
    const s = await authed();
    expect((await s.call({ id: 3, type: "terminal/open", node: "pve9", cols: 80, rows: 24 })).error.code).toBe("not_found");
    s.close();
  });

  it("closes the shell when the WebSocket goes away", async () => {
    const s = await authed();
    const id = (await s.call({ id: 2, type: "terminal/open", node: "pve2", cols: 80, rows: 24 })).result.terminal_id;
    s.close();
    const deadline = Date.now() + 10_000;
    const closed = () => jarvis.store.events.list({ types: ["action"] }).some((e) => e.data?.terminal_id === id && e.title.startsWith("Terminal closed"));
    while (!closed() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(closed()).toBe(true);
  });
});

describe("voice", () => {
  it("transcribes a spoken question offline and answers it through the fast path", async () => {
    const s = await authed();
    const wav = await speakWav("how is the cluster");
    const started = await s.call({ id: 2, type: "voice/start", format: "wav", language: "en" });
    const voiceId = started.result.voice_id;
    for (let at = 0, n = 3; at < wav.length; at += 32_768, n++) {
      const res = await s.call({ id: n, type: "voice/audio", voice_id: voiceId, data: wav.subarray(at, at + 32_768).toString("base64") });
      expect(res.success).toBe(true);
    }
    const done = await s.call({ id: 100, type: "voice/stop", voice_id: voiceId });
    expect(done.success).toBe(true);
    expect(done.result).toMatchObject({ transcript: "how is the cluster", continue_conversation: false, conversation_id: expect.any(String) });
    expect(done.result.speech).toMatch(/^All 3 nodes are online\./);
    const events = eventsOf(s, 100);
    expect(events[0]).toEqual({ type: "transcript", text: "how is the cluster", engine: "pocketsphinx" });
    expect(events).toContainEqual({ type: "route", route: "fastpath", reason: expect.any(String) });
    const audio = events.filter((e) => e.type === "audio");
    // With a TTS side wired in, each sentence arrives as a WAV, in order; without one the reply is text only.
    if (done.result.engine) {
      expect(audio.length).toBeGreaterThanOrEqual(1);
      audio.forEach((a, i) => {
        expect(a).toMatchObject({ seq: i, mime: "audio/wav" });
        expect(Buffer.from(a.data, "base64").subarray(0, 4).toString("latin1")).toBe("RIFF");
      });
    } else {
      expect(audio).toEqual([]);
    }
    s.close();
  });

  it("drops a recording past the size limit and refuses to stop it afterwards", async () => {
    const s = await authed();
    const voiceId = (await s.call({ id: 2, type: "voice/start", format: "pcm16", rate: 16_000 })).result.voice_id;
    const chunk = Buffer.alloc(2 * 1024 * 1024).toString("base64");
    let last: any;
    for (let n = 3; n < 12; n++) {
      last = await s.call({ id: n, type: "voice/audio", voice_id: voiceId, data: chunk });
      if (!last.success) break;
    }
    expect(last.error.code).toBe("payload_too_large");
    expect((await s.call({ id: 20, type: "voice/stop", voice_id: voiceId })).error.code).toBe("not_found");
    s.close();
  });
});

describe("subscribe_events filters", () => {
  it("streams and back-fills only the severities and sources asked for", async () => {
    const events = jarvis.store.events;
    events.add({ type: "alert", severity: "critical", source: "monitor", title: "old critical" });
    events.add({ type: "alert", severity: "info", source: "monitor", title: "old info" });
    events.add({ type: "status", severity: "warning", source: "system", title: "old system warning" });
    const s = await authed();
    const res = await s.call({ id: 2, type: "subscribe_events", severities: ["warning", "critical"], sources: ["monitor"], history: 5 });
    expect(res.result.recent.map((e: any) => e.title)).toEqual(["old critical"]);
    events.add({ type: "alert", severity: "info", source: "monitor", title: "new info" });
    events.add({ type: "alert", severity: "warning", source: "system", title: "new system" });
    events.add({ type: "alert", severity: "warning", source: "monitor", title: "new warning" });
    expect((await s.next((m) => m.id === 2 && m.type === "event")).event.title).toBe("new warning");
    expect(eventsOf(s, 2)).toEqual([]);
    s.close();
  });
});

describe("status and HTTP routes", () => {
  it("reports version, integrations and spend", async () => {
    const s = await authed();
    const res = await s.call({ id: 2, type: "status" });
    expect(res.result).toMatchObject({ version: expect.any(String), demo: false, uptime_s: expect.any(Number), spend_today_usd: 0, daily_limit_usd: expect.any(Number) });
    expect(res.result.integrations.proxmox).toMatchObject({ state: "up", since: expect.any(String) });
    expect(res.result.integrations.anthropic.state).toBe("off");
    s.close();
  });

  it("serves the card bundle and the page (which holds no data) without a login, the API only with one", async () => {
    const card = await request(`${jarvis.url}/jarvis-card.js`);
    expect([200, 503]).toContain(card.status);
    const page = await request(`${jarvis.url}/`);
    expect([200, 503]).toContain(page.status);
    expect(page.headers["cache-control"]).toBe("no-store");
    expect((await request(`${jarvis.url}/api/me`)).status).toBe(401);
    expect((await request(`${jarvis.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
