// conversation/process: a turn of the agent over the WebSocket, in the shape HA's conversation agents use.
// Deltas, tool calls and approval requests stream as events while the reply is written; the result carries
// the speech, the conversation id to continue with, and whether Jarvis expects an answer.
import { z } from "zod";
import type { Agent } from "../../agent/agent.js";
import { caller, command, relayedUser, type CommandTable } from "./command.js";

export function conversationCommands(agent: Agent): CommandTable {
  return {
    "conversation/process": command({
      schema: z.object({
        text: z.string().min(1).max(8_000),
        conversation_id: z.string().min(1).max(200).optional(),
        language: z.string().max(20).optional(),
        device_id: z.string().max(200).optional(),
        satellite_id: z.string().max(200).optional(),
        extra_system_prompt: z.string().max(8_000).optional(),
        /** The client shows an Approve button under a reply that holds actions (the card does; HA's Assist does not). */
        approve_button: z.boolean().optional(),
        /** The HA user the integration speaks for (set only on its connection; see Connection). */
        user: relayedUser.optional(),
      }),
      async handle(session, msg, id) {
        const principal = session.principal;
        const { actor, actorName, admin } = caller(principal, msg.user);
        const result = await agent.turn(
          {
            text: msg.text,
            conversationId: msg.conversation_id,
            channel: principal.kind === "ingress" ? "ingress" : "ha",
            actor,
            // Who may approve what by answering (see ToolRegistry.approveFromMessage): HA says whether a relayed
            // user is an admin; ingress users and password logins are; the integration alone (a satellite, an
            // automation) is not.
            admin,
            approveButton: msg.approve_button,
            personName: actorName,
            language: msg.language,
            extraSystemPrompt: msg.extra_system_prompt,
            signal: session.signal,
          },
          (event) => session.sendEvent(id, event),
        );
        return {
          speech: result.speech,
          conversation_id: result.conversationId,
          continue_conversation: result.continueConversation,
          data: { route: result.route, tools: result.tools, pending_action_ids: result.pendingActionIds },
        };
      },
    }),
  };
}
