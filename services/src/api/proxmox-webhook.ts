// POST /api/webhooks/proxmox: where Proxmox VE's webhook notification target posts. It is not behind the
// login (Proxmox has no Jarvis token): it checks its own secret, which the target sends as
// "Authorization: Bearer {{ secrets.<name> }}", before it reads a byte of the body. No secret configured, a
// missing or wrong one: 401. The body (any content type; Proxmox sends what the template renders) becomes an
// event, which the runbooks may take up. Repeated wrong secrets from one address are rate-limited.
import { createHash, timingSafeEqual } from "node:crypto";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import { z } from "zod";
import { notificationBody, notificationEvent } from "../events/pve-notification.js";
import type { Logger } from "../log.js";
import type { EventsRepo } from "../store/events.js";
import { ApiError } from "./errors.js";

export const PROXMOX_WEBHOOK_PATH = "/api/webhooks/proxmox";
/** A backup job's message carries the log of every guest in it. */
const BODY_LIMIT = "2mb";

const digest = (s: string) => createHash("sha256").update(s).digest();

export function proxmoxWebhook(deps: { secret: string | undefined; events: Pick<EventsRepo, "add">; log: Logger; attempts?: number }): RequestHandler[] {
  const expected = deps.secret === undefined ? null : digest(deps.secret);
  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: deps.attempts ?? 30,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new ApiError("rate_limited", "too many notifications with a wrong secret from this address: try again later")),
  });

  const checkSecret = (req: Request, _res: Response, next: NextFunction) => {
    if (!expected) throw new ApiError("unauthorized", "the Proxmox webhook is off: set PVE_WEBHOOK_SECRET (proxmox_webhook_secret)");
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
    if (!m || !timingSafeEqual(digest(m[1]!), expected)) {
      deps.log.warn({ ip: req.ip }, "Proxmox webhook refused: missing or wrong secret");
      throw new ApiError("unauthorized", "missing or wrong webhook secret");
    }
    next();
  };

  const receive = (req: Request, res: Response) => {
    const raw = typeof req.body === "string" ? req.body : "";
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new ApiError("invalid_format", "the body is not JSON: use the body template in Jarvis's documentation");
    }
    const parsed = notificationBody.safeParse(json);
    if (!parsed.success) throw new ApiError("invalid_format", z.prettifyError(parsed.error).replace(/\n/g, "; "));
    const row = deps.events.add(notificationEvent(parsed.data));
    deps.log.info({ event: row.id, type: row.data?.kind }, `Proxmox notification: ${row.title}`);
    res.json({ ok: true, event_id: row.id });
  };

  // Whatever the content type: Proxmox sends none unless the target's headers say so.
  return [limiter, checkSecret, express.text({ type: () => true, limit: BODY_LIMIT }), receive];
}
