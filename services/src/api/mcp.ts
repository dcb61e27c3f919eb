// /mcp: the tool registry over MCP (Streamable HTTP, stateless: one server per request, no session state to
// leak between clients). Listing and calls go through the registry, so MCP clients get the same tiers as
// the agent: an ORANGE or RED call comes back as "approval required" with the pending action's id, to be
// approved in Jarvis's own channels, never by the MCP client.
import type { Request, Response } from "express";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../log.js";
import { inputJsonSchema } from "../tools/format.js";
import { modelText } from "../tools/outcome.js";
import type { ToolRegistry } from "../tools/registry.js";
import { tierRank } from "../tools/tiers.js";
import { VERSION } from "../version.js";
import { ApiError } from "./errors.js";

function mcpServer(registry: ToolRegistry, actor: string): Server {
  const server = new Server({ name: "jarvis", version: VERSION }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: registry.list().map((tool) => {
      const tier = registry.baseTier(tool);
      return {
        name: tool.name,
        description: `${tool.description} [tier ${tier}]`,
        inputSchema: inputJsonSchema(tool) as { type: "object"; [k: string]: unknown },
        annotations: { readOnlyHint: tier === "GREEN", destructiveHint: tierRank(tier) >= tierRank("ORANGE") },
      };
    }),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const outcome = await registry.execute(
      { name: request.params.name, args: request.params.arguments ?? {} },
      // MCP clients never carry the person's message: approval words sent here approve nothing.
      { actor, channel: "mcp", personMessage: null },
    );
    return {
      content: [
        { type: "text" as const, text: modelText(outcome) },
        ...(outcome.status === "ok" ? (outcome.images ?? []) : []).map((i) => ({ type: "image" as const, data: i.base64, mimeType: i.mediaType })),
      ],
      structuredContent: {
        status: outcome.status,
        tier: outcome.tier,
        ...(outcome.status === "approval_required" ? { action_id: outcome.actionId, expires_at: outcome.expiresAt } : {}),
      },
      isError: outcome.status !== "ok",
    };
  });
  return server;
}

export function mcpHandler(registry: ToolRegistry, log: Logger) {
  return async (req: Request, res: Response) => {
    if (req.method !== "POST") throw new ApiError("method_not_allowed", "this MCP endpoint is stateless: POST only");
    const actor = req.principal?.kind === "ingress" ? req.principal.userId : "mcp";
    const server = mcpServer(registry, actor);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    transport.onerror = (err) => log.debug({ err }, "MCP transport error");
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };
}
