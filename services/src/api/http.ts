// The express app: open routes (health, login), then everything else behind authentication.
import express, { type NextFunction, type Request, type Response } from "express";
import { rateLimit, type AugmentedRequest } from "express-rate-limit";
import { z } from "zod";
import type { Logger } from "../log.js";
import type { IntegrationStatus } from "../status.js";
import type { Store } from "../store/db.js";
import { MAX_EVENT_PAGE } from "../store/events.js";
import { EVENT_SOURCES, EVENT_TYPES, SEVERITIES } from "../store/schema.js";
import type { Auth, Principal } from "./auth.js";
import { ApiError } from "./errors.js";
import { healthHandler } from "./health.js";
import { mcpHandler } from "./mcp.js";
import { PROXMOX_WEBHOOK_PATH, proxmoxWebhook } from "./proxmox-webhook.js";
import { defaultFrontendDir, FrontendFiles } from "./static.js";
import type { ToolRegistry } from "../tools/registry.js";

export interface HttpDeps {
  auth: Auth;
  store: Store;
  status: IntegrationStatus;
  registry: ToolRegistry;
  log: Logger;
  startedAt: Date;
  demo: boolean;
  /** Failed logins allowed per address per window before 429. */
  loginAttempts?: number;
  /** Where the built card and ingress page are (frontend-card/dist of this checkout by default). */
  frontendDir?: string;
  /** What Proxmox's webhook notification target must send; unset, the webhook refuses everything. */
  webhookSecret?: string;
}

declare module "express-serve-static-core" {
  interface Request {
    principal?: Principal;
  }
}

const loginBody = z.object({ password: z.string().max(1024) });

const eventsQuery = z.object({
  type: z.enum(EVENT_TYPES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  source: z.enum(EVENT_SOURCES).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_EVENT_PAGE).optional(),
  before: z.coerce.number().int().positive().optional(),
});

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError("invalid_format", z.prettifyError(result.error).replace(/\n/g, "; "));
  return result.data;
}

/** Too many failed logins from one address: when the next try is allowed, in seconds and as a time. */
export function loginLockedMessage(resetTime: Date | undefined, now = new Date()): string {
  if (!resetTime) return "too many failed logins from this address: try again in a few minutes";
  const seconds = Math.max(1, Math.ceil((resetTime.getTime() - now.getTime()) / 1000));
  const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes (${seconds} s)` : `${seconds} s`;
  return `too many failed logins from this address: the next try is allowed in ${wait}, at ${resetTime.toISOString()}`;
}

export function createHttpApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Before the JSON parser: it checks its own secret before reading the body, and takes larger ones.
  app.post(PROXMOX_WEBHOOK_PATH, ...proxmoxWebhook({ secret: deps.webhookSecret, events: { add: (e) => deps.store.events.add(e) }, log: deps.log }));
  app.use(express.json({ limit: "256kb" }));

  app.get("/api/health", healthHandler(deps));
  const frontend = new FrontendFiles(deps.frontendDir ?? defaultFrontendDir(), deps.log);
  app.get("/jarvis-card.js", frontend.card());
  // The page holds no data (everything goes over the authenticated WebSocket), so its login form is reachable.
  app.get("/", frontend.page());
  // The page names its icon inline; whatever still asks (a tab on /api/health, a bookmark) gets no content
  // rather than a login error.
  app.get("/favicon.ico", (_req, res) => void res.status(204).end());
  app.get(["/jarvis-terminal.js", "/jarvis-wakeword.js"], frontend.lazyChunks());
  app.use("/wakeword", frontend.wakewordAssets());

  const loginLimiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: deps.loginAttempts ?? 10,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    // The library has set Retry-After already; the message says the same in words, with the time.
    handler: (req, res) => sendError(res, new ApiError("rate_limited", loginLockedMessage((req as AugmentedRequest).rateLimit?.resetTime))),
  });

  app.post("/api/auth/login", loginLimiter, async (req, res) => {
    const { password } = parseOrThrow(loginBody, req.body ?? {});
    if (!deps.auth.checkPassword(password)) {
      deps.log.warn({ ip: req.ip }, "failed login");
      deps.store.events.add({
        type: "status",
        severity: "warning",
        source: "system",
        title: "Failed login",
        data: { ip: req.ip ?? null },
      });
      throw new ApiError("unauthorized", "wrong password");
    }
    const { token, expiresAt } = await deps.auth.issueToken();
    res.json({ token, expires_at: expiresAt.toISOString() });
  });

  // MCP clients may also use the static API token; everything else needs a login or ingress.
  app.all(
    "/mcp",
    async (req, _res, next) => {
      req.principal = await deps.auth.authenticate(req, { allowApiToken: true });
      next();
    },
    mcpHandler(deps.registry, deps.log),
  );

  // Everything registered below this layer needs a login or ingress (test/reliability/auth.test.ts finds
  // the layer by its name and holds everything above it to an allow-list).
  app.use(async function authenticate(req: Request, _res: Response, next: NextFunction) {
    req.principal = await deps.auth.authenticate(req);
    next();
  });

  app.get("/api/me", (req, res) => {
    res.json(req.principal);
  });

  app.get("/api/events", (req, res) => {
    const q = parseOrThrow(eventsQuery, req.query);
    const { type, before, ...rest } = q;
    res.json({ events: deps.store.events.list({ ...rest, types: type && [type], beforeId: before }) });
  });

  app.use(() => {
    throw new ApiError("not_found", "no such route");
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    sendError(res, toApiError(err, deps.log));
  });
  return app;
}

function sendError(res: Response, err: ApiError): void {
  if (err.code === "unauthorized") res.setHeader("WWW-Authenticate", 'Bearer realm="jarvis"');
  res.status(err.status).json({ error: err.toJSON() });
}

/** Maps what express and body-parser throw to our codes; anything unexpected is logged and kept vague. */
function toApiError(err: unknown, log: Logger): ApiError {
  if (err instanceof ApiError) return err;
  const type = (err as { type?: string } | null)?.type;
  if (type === "entity.parse.failed") return new ApiError("invalid_format", "request body is not valid JSON");
  if (type === "entity.too.large") return new ApiError("payload_too_large", "request body is too large");
  if (typeof type === "string" && type.startsWith("encoding.")) return new ApiError("invalid_format", String(err));
  log.error({ err }, "unhandled error in HTTP route");
  return new ApiError("internal_error", "internal error");
}
