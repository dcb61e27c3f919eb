// Approvals bound to what the person saw and who they are (issue 16, part 3), end to end: the agent over the
// WebSocket with the Claude emulator and the simulated home lab. The keyword approves only what the reply right
// before it named; a relayed HA user who is not an admin approves only their own action, never RED; the card's
// action/approve and the HA service's relay (action/approve with the HA user) follow the same rule.
import { afterEach, describe, expect, it } from "vitest";
import type { TestJarvis } from "../helpers/jarvis.js";
import { TestSocket } from "../helpers/ws.js";
import { useAgentRig, type TurnReply } from "./harness.js";

const rig = useAgentRig();
afterEach(() => expect(rig.claude.pending(), "a scripted model reply was not used").toBe(0));
const INTEGRATION_TOKEN = "integration-token-for-the-approval-tests-0123456789";
const OVERRIDE = "purple-elephant-override-7731";
const guestStatus = (vmid: number) => rig.lab.proxmox.cluster.guests.get(vmid)?.status;

interface HaUser {
  id: string;
  name?: string;
  is_admin: boolean;
}

/** The HA integration's connection: it relays each HA user with what HA says about them. */
async function integration(j: TestJarvis): Promise<{ turn: (user: HaUser | null, text: string, conversationId?: string, fields?: Record<string, unknown>) => Promise<TurnReply>; approve: (user: HaUser | null, actionId: string, overrideKey?: string) => Promise<any>; close: () => void }> {
  const s = await TestSocket.open(j.wsUrl);
  expect((await s.call({ id: 1, type: "auth", access_token: INTEGRATION_TOKEN })).success).toBe(true);
  let id = 1;
  return {
    async turn(user, text, conversationId, fields = {}) {
      const n = ++id;
      s.send({ ...fields, id: n, type: "conversation/process", text, ...(conversationId ? { conversation_id: conversationId } : {}), ...(user ? { user } : {}) });
      const result = await s.next((m) => m.id === n && m.type === "result", 30_000);
      expect(result.success, JSON.stringify(result.error)).toBe(true);
      return { ...result.result, events: s.received.filter((m) => m.id === n && m.type === "event").map((m) => m.event) } as TurnReply;
    },
    async approve(user, actionId, overrideKey) {
      const n = ++id;
      return s.call({ id: n, type: "action/approve", action_id: actionId, ...(overrideKey ? { override_key: overrideKey } : {}), ...(user ? { user } : {}) });
    },
    close: () => s.close(),
  };
}

const KIM: HaUser = { id: "ha-kim", name: "Kim", is_admin: false };
const LEE: HaUser = { id: "ha-lee", name: "Lee", is_admin: false };
const ADMIN: HaUser = { id: "ha-admin", name: "Alex", is_admin: true };

describe("approvals through the agent", () => {
  it("approves with the keyword only what the reply right before it named", async () => {
    const j = await rig.jarvis();
    rig.claude.script([{ toolCalls: [{ name: "stop_vm", input: { vmid: 102 } }] }, { text: "Stopping docker-host needs your approval." }]);
    const first = await rig.ask(j, "docker-host misbehaves: please stop it, and explain what that does");
    const [held] = first.data.pending_action_ids;
    // The server itself names the held action in the reply.
    expect(first.speech).toMatch(/Waiting for your approval: Stop VM 102/);

    // The next reply names nothing: the offer is over.
    rig.claude.script([{ text: "It runs Docker and five containers." }]);
    const second = await rig.ask(j, "what runs on it? explain", first.conversation_id);
    expect(second.data.pending_action_ids).toEqual([]);
    rig.claude.script([{ text: "Nothing is waiting for your approval." }]);
    const stale = await rig.ask(j, "JARVIS-EXECUTE", first.conversation_id);
    expect(stale.data.tools).toEqual([]);
    expect(guestStatus(102)).toBe("running");
    expect(j.store.approvals.get(held!)!.status).toBe("pending");

    // Asked again, named again: now the keyword runs it.
    rig.claude.script([{ toolCalls: [{ name: "stop_vm", input: { vmid: 102 } }] }, { text: "It needs your approval." }]);
    const again = await rig.ask(j, "on second thought, stop it after all and explain", first.conversation_id);
    expect(again.data.pending_action_ids).toEqual([held]);
    rig.claude.script([{ text: "Stopped." }]);
    const done = await rig.ask(j, "yes, jarvis execute", first.conversation_id);
    expect(done.data.tools).toEqual([{ tool: "stop_vm", tier: "ORANGE", status: "ok" }]);
    expect(guestStatus(102)).toBe("stopped");
  });

  it("does not take the keyword inside a question, a negation or a longer sentence", async () => {
    const j = await rig.jarvis();
    rig.claude.script([{ toolCalls: [{ name: "stop_vm", input: { vmid: 104 } }] }, { text: "That needs your approval." }]);
    let conversation = (await rig.ask(j, "stop vm 104 please, it misbehaves")).conversation_id;
    for (const text of ["Do NOT jarvis execute that", "what does jarvisexecute mean?", "open https://example.com/JARVIS-EXECUTE"]) {
      // Each reply names the action again, so only the message's shape keeps it from running.
      rig.claude.script([{ toolCalls: [{ name: "stop_vm", input: { vmid: 104 } }] }, { text: "Still waiting." }]);
      const r = await rig.ask(j, text, conversation);
      expect(r.data.tools).toEqual([{ tool: "stop_vm", tier: "ORANGE", status: "approval_required" }]);
      conversation = r.conversation_id;
    }
    expect(guestStatus(104)).toBe("running");
  });

  it("lets a relayed HA user approve their own action, not another's, and RED only as an admin", async () => {
    const j = await rig.jarvis({ INTEGRATION_TOKEN, JARVIS_OVERRIDE_KEY: OVERRIDE });
    const ha = await integration(j);
    try {
      // Kim (not an admin) asks; Lee (not an admin) answers with the keyword in the same conversation.
      rig.claude.script([{ toolCalls: [{ name: "stop_container", input: { vmid: 103 } }] }, { text: "Stopping pihole needs approval." }]);
      const asked = await ha.turn(KIM, "pihole is broken: stop it and explain why that helps");
      rig.claude.script([{ text: "Only Kim or an admin can approve that." }]);
      const lee = await ha.turn(LEE, "JARVIS-EXECUTE", asked.conversation_id);
      expect(lee.data.tools).toEqual([{ tool: "stop_container", tier: "ORANGE", status: "refused" }]);
      expect(guestStatus(103)).toBe("running");
      // The card's button as Lee: refused the same way; as Kim: runs.
      const id = asked.data.pending_action_ids[0]!;
      expect((await ha.approve(LEE, id)).result).toMatchObject({ status: "refused", reason: expect.stringMatching(/person who asked/) });
      // An automation (the integration with no user) is not an admin either.
      expect((await ha.approve(null, id)).result).toMatchObject({ status: "refused" });
      expect((await ha.approve(KIM, id)).result).toMatchObject({ status: "ok", tool: "stop_container" });
      expect(guestStatus(103)).toBe("stopped");

      // RED: Kim asks to delete a snapshot; Kim's own key does not run it, by keyword or by id; an admin's does.
      rig.claude.script([{ toolCalls: [{ name: "delete_snapshot", input: { vmid: 102, name: "before-upgrade" } }] }, { text: "That is destructive." }]);
      const red = await ha.turn(KIM, "delete the before-upgrade snapshot of 102, we no longer need it");
      const redId = red.data.pending_action_ids[0]!;
      rig.claude.script([{ text: "An admin must approve that." }]);
      const own = await ha.turn(KIM, OVERRIDE, red.conversation_id);
      expect(own.data.tools).toEqual([{ tool: "delete_snapshot", tier: "RED", status: "refused" }]);
      expect((await ha.approve(KIM, redId, OVERRIDE)).result).toMatchObject({ status: "refused", reason: expect.stringMatching(/admin/) });
      expect(j.store.approvals.get(redId)!.status).toBe("pending");
      expect((await ha.approve(ADMIN, redId, OVERRIDE)).result).toMatchObject({ status: "ok", tool: "delete_snapshot" });
      expect(j.store.approvals.get(redId)).toMatchObject({ status: "executed", decidedBy: ADMIN.id });
    } finally {
      ha.close();
    }
  });

  it("says how to approve where the reply is read: the card's button, the words to answer with, RED for an admin only", async () => {
    const j = await rig.jarvis({ INTEGRATION_TOKEN, JARVIS_OVERRIDE_KEY: OVERRIDE });
    const ha = await integration(j);
    try {
      // The card shows an Approve button under a reply that holds an action: the reply names it (fast path).
      const card = await ha.turn(KIM, "restart nginx-proxy", undefined, { approve_button: true });
      expect(card.speech).toBe("Reboot container 104 (nginx-proxy) needs your approval. To go ahead, press Approve under this reply, or answer with your approval keyword.");
      // HA's Assist shows none: the words only. RED, to a household member: who may approve it (the model path).
      rig.claude.script([{ toolCalls: [{ name: "delete_snapshot", input: { vmid: 102, name: "before-upgrade" } }] }, { text: "That is destructive." }]);
      const red = await ha.turn(KIM, "delete the before-upgrade snapshot of 102, and explain what that loses");
      expect(red.speech).toBe(
        'That is destructive. Waiting for your approval: Delete snapshot "before-upgrade" of VM 102 (docker-host) (needs the override key). ' +
          "A destructive action needs the override key, and only a Home Assistant admin can approve it.",
      );
      // To an admin in the card: where to type the key.
      rig.claude.script([{ toolCalls: [{ name: "delete_snapshot", input: { vmid: 102, name: "before-upgrade" } }] }, { text: "That is destructive." }]);
      const admin = await ha.turn(ADMIN, "delete the before-upgrade snapshot of 102, and explain what that loses", undefined, { approve_button: true });
      expect(admin.speech).toMatch(/ A destructive action goes ahead when you type the override key under this reply and press Approve, or answer with the override key\.$/);
      for (const r of [card, red, admin]) expect(r.speech).not.toMatch(/jarvis[\s-]*execute|purple/i);

      // The events name the people as HA does, and the action by what it acts on.
      expect((await ha.approve(KIM, card.data.pending_action_ids[0]!)).result).toMatchObject({ status: "ok", summary: "Reboot container 104 (nginx-proxy)" });
      const ran = j.store.events.list({ types: ["action"] }).find((e) => e.data?.tool === "restart_container" && e.data?.decision === "ok");
      expect(ran?.data).toMatchObject({ summary: "Reboot container 104 (nginx-proxy)", actor: KIM.id, actorName: "Kim", approver: "Kim (card)" });
    } finally {
      ha.close();
    }
  });

  it("lets an HA admin approve by keyword an action a household member asked for in that conversation", async () => {
    const j = await rig.jarvis({ INTEGRATION_TOKEN });
    const ha = await integration(j);
    try {
      rig.claude.script([{ toolCalls: [{ name: "stop_container", input: { vmid: 104 } }] }, { text: "Needs approval." }]);
      const asked = await ha.turn(KIM, "nginx-proxy misbehaves, stop it please and explain");
      rig.claude.script([{ text: "Done." }]);
      const admin = await ha.turn(ADMIN, "ok JARVIS-EXECUTE", asked.conversation_id);
      expect(admin.data.tools).toEqual([{ tool: "stop_container", tier: "ORANGE", status: "ok" }]);
      expect(guestStatus(104)).toBe("stopped");
    } finally {
      ha.close();
    }
  });
});
