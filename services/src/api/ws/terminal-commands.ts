// terminal/*: an interactive shell on a cluster node over SSH, for admins only. A terminal belongs to the
// connection that opened it (another client cannot type into it) and ends with it; every session's opening
// and end is recorded as an action event with the user and the node.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ClientError } from "../../clients/errors.js";
import type { ShellSession } from "../../clients/ssh/pty.js";
import type { Logger } from "../../log.js";
import type { NewEvent } from "../../store/events.js";
import { ApiError } from "../errors.js";
import { actorOf, command, isAdmin, PerConnection, relayedUser, type CommandTable, type Session } from "./command.js";

export interface TerminalDeps {
  ssh: { nodes(): string[]; openShell(node: string, opts: { cols: number; rows: number }): Promise<ShellSession> } | null;
  events: { add(event: NewEvent): unknown };
  log: Logger;
  /** Largest terminal/input frame, in bytes. */
  maxInputBytes?: number;
  /** Terminals one connection may hold open at once. */
  maxPerConnection?: number;
  now?: () => number;
}

interface Terminal {
  shell: ShellSession;
  node: string;
  user: string;
  openedAt: number;
}

const NOT_CONFIGURED = "SSH is not configured: set SSH_KEY_PATH and PVE_NODES (ssh_key_path in the add-on)";
const size = { cols: z.int().min(1).max(1_000), rows: z.int().min(1).max(1_000) };
const terminalId = z.string().min(1).max(100);

export function terminalCommands(deps: TerminalDeps): CommandTable {
  const maxInput = deps.maxInputBytes ?? 64 * 1024;
  const maxOpen = deps.maxPerConnection ?? 4;
  const now = deps.now ?? Date.now;
  const open = new PerConnection<Terminal>();
  const find = (session: Session, id: string) => open.find(session, id, "open terminal");
  const record = (title: string, term: Terminal, data: Record<string, unknown>) =>
    deps.events.add({ type: "action", source: "user", title, node: term.node, data: { user: term.user, node: term.node, ...data } });

  return {
    "terminal/open": command({
      schema: z.object({ node: z.string().min(1).max(100), ...size, user: relayedUser.optional() }),
      async handle(session, msg, id) {
        if (!isAdmin(session.principal, msg.user)) throw new ApiError("forbidden", "the terminal is for administrators only");
        const ssh = deps.ssh;
        if (!ssh) throw new ApiError("not_found", NOT_CONFIGURED);
        if (!ssh.nodes().includes(msg.node)) throw new ApiError("not_found", `no node named "${msg.node}" (known: ${ssh.nodes().join(", ")})`);
        const terms = open.of(session);
        if (terms.size >= maxOpen) throw new ApiError("rate_limited", `at most ${maxOpen} terminals may be open on one connection`);

        let shell: ShellSession;
        try {
          shell = await ssh.openShell(msg.node, { cols: msg.cols, rows: msg.rows });
        } catch (err) {
          if (err instanceof ClientError) throw new ApiError(err.kind === "not_found" ? "not_found" : "internal_error", err.explain());
          throw err;
        }
        if (session.signal.aborted) {
          shell.close();
          throw new ApiError("not_found", "the connection closed while the terminal opened");
        }
        const terminal_id = randomUUID();
        const term: Terminal = { shell, node: msg.node, user: actorOf(session.principal, msg.user), openedAt: now() };
        terms.set(terminal_id, term);
        record(`Terminal opened on ${term.node}`, term, { terminal_id });
        deps.log.info({ node: term.node, user: term.user, terminal_id }, "terminal opened");

        shell.onExit((exit) => {
          terms.delete(terminal_id);
          session.sendEvent(id, { type: "exit", terminal_id, code: exit.exitCode });
          record(`Terminal closed on ${term.node}`, term, { terminal_id, exit_code: exit.exitCode, duration_s: Math.round((now() - term.openedAt) / 1000) });
        });
        // The shell holds its output until someone listens, so listening after the result loses nothing and
        // the client learns the terminal id before the first output arrives.
        setImmediate(() => shell.onData((data) => session.sendEvent(id, { type: "output", terminal_id, data })));
        // Unsubscribing, or the connection going away, closes the shell.
        session.addSubscription(id, () => shell.close());
        return { terminal_id };
      },
    }),
    "terminal/input": command({
      schema: z.object({ terminal_id: terminalId, data: z.string().max(maxInput) }),
      handle(session, msg) {
        const term = find(session, msg.terminal_id);
        if (Buffer.byteLength(msg.data) > maxInput) throw new ApiError("payload_too_large", `terminal input is limited to ${maxInput} bytes per message`);
        term.shell.write(msg.data);
        return null;
      },
    }),
    "terminal/resize": command({
      schema: z.object({ terminal_id: terminalId, ...size }),
      handle(session, msg) {
        find(session, msg.terminal_id).shell.resize(msg.cols, msg.rows);
        return null;
      },
    }),
    "terminal/close": command({
      schema: z.object({ terminal_id: terminalId }),
      handle(session, msg) {
        find(session, msg.terminal_id).shell.close();
        return { closed: msg.terminal_id };
      },
    }),
  };
}
