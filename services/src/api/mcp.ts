// /mcp: the tool registry over MCP (Streamable HTTP, stateless: one server per request, no session state to
// leak between clients). Listing and calls go through the registry, so MCP clients get the same tiers as
// the agent: an ORANGE or RED call comes back as an error that says it did not run, with the pending action's
// id and what a person must do and where to approve it (Jarvis's own channels, never the MCP client). The
// model behind an MCP client (HA's own agents reach Jarvis this way) reads that text, and must not tell anyone
// the action happened.
import type { Request, Response } from "express";
import type { Logger } from "../log.js";
import { inputJsonSchema } from "../tools/format.js";
import { modelText, type ToolOutcome } from "../tools/outcome.js";
import type { ToolRegistry } from "../tools/registry.js";
import { tierRank } from "../tools/tiers.js";
import { VERSION } from "../version.js";
import { ApiError } from "./errors.js";

type Held = Extract<ToolOutcome, { status: "approval_required" }>;

/** What a held call answers over MCP: not done, and how a person gets it done. */
export function heldText(o: Held): string {
  const who = o.needs === "override" ? "A Home Assistant admin" : "The person who asked, or a Home Assistant admin,";
  const key = o.needs === "override" ? " and type the override key" : "";
  return (
    `NOT DONE: ${o.summary} has not run. It is held for approval (tier ${o.tier}) as action ${o.actionId}. ` +
    `${who} must approve it${key}: with Approve on the pending action in the Jarvis card, on the Jarvis ` +
    `notification on their phone if the household set those up, or with Home Assistant's action jarvis.approve ` +
    `and action_id ${o.actionId}. It expires at ${o.expiresAt}. Tell the person it has not happened yet and ` +
    `where to approve it; do not say it is done, and do not ask for the approval keyword or the override key.`
  );
}

async function importSdk() {
  const [server, http, types] = await Promise.all([
    import("@modelcontextprotocol/sdk/server/index.js"),
    import("@modelcontextprotocol/sdk/server/streamableHttp.js"),
    import("@modelcontextprotocol/sdk/types.js"),
  ]);
  return { ...server, ...http, ...types };
}
/** The SDK (and the libraries it brings) is loaded on the first MCP request: a home without MCP clients never
 * holds it in memory. */
let sdk: ReturnType<typeof importSdk> | undefined;
const loadSdk = () => (sdk ??= importSdk());

function mcpServer(sdk: Awaited<ReturnType<typeof importSdk>>, registry: ToolRegistry, actor: string) {
  const { Server, ListToolsRequestSchema, CallToolRequestSchema } = sdk;
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
        { type: "text" as const, text: outcome.status === "approval_required" ? heldText(outcome) : modelText(outcome) },
        ...(outcome.status === "ok" ? (outcome.images ?? []) : []).map((i) => ({ type: "image" as const, data: i.base64, mimeType: i.mediaType })),
      ],
      structuredContent: {
        status: outcome.status,
        tier: outcome.tier,
        done: outcome.status === "ok",
        ...(outcome.status === "approval_required"
          ? { action_id: outcome.actionId, expires_at: outcome.expiresAt, summary: outcome.summary, approve_with: ["jarvis card", "jarvis.approve", "phone notification"] }
          : {}),
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
    const sdk = await loadSdk();
    const server = mcpServer(sdk, registry, actor);
    const transport = new sdk.StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    transport.onerror = (err) => log.debug({ err }, "MCP transport error");
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };
}
