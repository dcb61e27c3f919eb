// The whole simulated home lab plus a real sshd, the Claude emulator and Jarvis pointed at all of them, for
// the suites that drive the agent end to end over the WebSocket (prompt injection, load). Also a tiny web
// server whose pages the tests fill, and the folders the file tools may use.
import { mkdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { startAnthropicEmulator, type AnthropicEmulator, type Fallback } from "../emulators/anthropic/index.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startTestJarvis, SUPERVISOR_ADDRESS, tempDir, type TestJarvis } from "../helpers/jarvis.js";
import { startSshd, type TestSshd } from "../helpers/sshd.js";
import { TestSocket } from "../helpers/ws.js";

export const OVERRIDE_KEY = "purple-elephant-override-7731";
export const APPROVAL_KEYWORD = "JARVIS-EXECUTE";
export const PROTECTED_GUESTS = [100, 101];

export interface AgentLab {
  lab: HomeLab;
  claude: AnthropicEmulator;
  sshd: TestSshd;
  jarvis: TestJarvis;
  /** Folder the file tools may read and write. */
  files: string;
  /** Folder outside every root, where markers of things that must not happen would appear. */
  outside: string;
  /** Serves `pages[path]` as text/html. */
  pages: Map<string, string>;
  pagesUrl: string;
  ask(text: string, conversationId?: string): Promise<TurnReply>;
  close(): Promise<void>;
}

export interface TurnReply {
  success: boolean;
  error?: { code: string; message: string };
  speech: string;
  conversation_id: string;
  data: { route: string; tools: { tool: string; tier: string; status: string }[]; pending_action_ids: string[] };
  events: any[];
}

export async function startAgentLab(opts: { fallback?: Fallback; env?: Record<string, string> } = {}): Promise<AgentLab> {
  const [lab, claude, sshd] = await Promise.all([
    startHomeLab({ taskMs: 20 }),
    startAnthropicEmulator({ fallback: opts.fallback }),
    startSshd(),
  ]);
  const top = tempDir("jarvis-reliability-");
  const files = path.join(top, "files");
  const outside = path.join(top, "outside");
  mkdirSync(files);
  mkdirSync(outside);
  const pages = new Map<string, string>();
  const web: Server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? "/", "http://x").pathname);
    res.writeHead(page === undefined ? 404 : 200, { "content-type": "text/html; charset=utf-8" }).end(page ?? "not found");
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  // The emulated nodes' SSH goes to the real sshd, so command output and side effects are real.
  const nodes = (JSON.parse(lab.env.PVE_NODES!) as Record<string, unknown>[]).map((n) => ({ ...n, ssh_port: sshd.port }));
  const jarvis = await startTestJarvis({
    ...lab.env,
    PVE_NODES: JSON.stringify(nodes),
    SSH_KEY_PATH: sshd.keyPath,
    SSH_KNOWN_HOSTS: sshd.knownHostsPath,
    ANTHROPIC_API_KEY: claude.apiKey,
    ANTHROPIC_BASE_URL: claude.url,
    FILE_ROOTS: files,
    PROTECTED_GUESTS: PROTECTED_GUESTS.join(","),
    JARVIS_APPROVAL_KEYWORD: APPROVAL_KEYWORD,
    JARVIS_OVERRIDE_KEY: OVERRIDE_KEY,
    LLM_CALLS_PER_MINUTE: "1000",
    DAILY_COST_LIMIT: "10000",
    LOG_LEVEL: "warn",
    ...opts.env,
  });
  const sockets = new Set<TestSocket>();

  return {
    lab,
    claude,
    sshd,
    jarvis,
    files,
    outside,
    pages,
    pagesUrl: `http://127.0.0.1:${(web.address() as AddressInfo).port}`,
    async ask(text, conversationId) {
      const s = await TestSocket.open(jarvis.wsUrl, { localAddress: SUPERVISOR_ADDRESS, headers: { "x-remote-user-id": "sam", "x-remote-user-display-name": "Sam" } });
      sockets.add(s);
      try {
        s.send({ id: 1, type: "conversation/process", text, ...(conversationId ? { conversation_id: conversationId } : {}) });
        const result = await s.next((m) => m.id === 1 && m.type === "result", 60_000);
        const events = s.received.filter((m) => m.id === 1 && m.type === "event").map((m) => m.event);
        return { success: result.success, error: result.error, ...(result.result ?? {}), events } as TurnReply;
      } finally {
        s.close();
        sockets.delete(s);
      }
    },
    async close() {
      for (const s of sockets) s.close();
      await jarvis.stop();
      await new Promise<void>((resolve) => web.close(() => resolve()));
      await Promise.allSettled([lab.close(), claude.close(), sshd.stop()]);
      rmSync(top, { recursive: true, force: true });
    },
  };
}
