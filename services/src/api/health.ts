// GET /api/health: open to anyone (the add-on watchdog and HA's discovery use it). Full form reports version,
// uptime and each integration's state; `?liveness` is the cheap form for tight polling.
import type { Request, Response } from "express";
import type { IntegrationStatus } from "../status.js";
import type { Store } from "../store/db.js";
import { VERSION } from "../version.js";

export function healthHandler(deps: { status: IntegrationStatus; store: Store; startedAt: Date; demo: boolean }) {
  return (req: Request, res: Response) => {
    if ("liveness" in req.query) {
      res.json({ status: "ok" });
      return;
    }
    const database = deps.store.open ? "up" : "down";
    res.status(database === "up" ? 200 : 503).json({
      status: database === "up" ? "ok" : "degraded",
      version: VERSION,
      demo: deps.demo,
      started_at: deps.startedAt.toISOString(),
      uptime_s: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
      database,
      integrations: deps.status.snapshot(),
    });
  };
}
