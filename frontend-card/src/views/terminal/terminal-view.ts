// An SSH shell on a chosen node through terminal/open|input|resize|close (admins only; the add-on records
// every session). xterm.js lives in a separate bundle, fetched the first time a terminal opens.
import { css, html, nothing } from "lit";
import { loadSibling } from "../../shared/lazy.js";
import { themeStyles } from "../../shared/styles.js";
import { TransportView } from "../../shared/transport-view.js";
import type { Stream, Transport } from "../../transport/transport.js";
import type { StatusResult } from "../status/status-view.js";

export interface TerminalHandle {
  cols: number;
  rows: number;
  write(data: string): void;
  dispose(): void;
}

export interface TerminalModule {
  createTerminal(
    root: ShadowRoot,
    host: HTMLElement,
    handlers: { onData(data: string): void; onResize(cols: number, rows: number): void; screenReader: boolean },
  ): TerminalHandle;
}

type TerminalEvent =
  | { type: "output"; terminal_id: string; data: string }
  | { type: "exit"; terminal_id: string; code: number }
  // Inside HA: the integration lost the add-on (docs/relay-contract.md), so the shell is gone.
  | { type: "disconnected"; reason: string };

export class JarvisTerminalView extends TransportView {
  static override properties = {
    node: {},
    nodes: { state: true },
    state: { state: true },
    problem: { state: true },
    unavailable: { state: true },
  };
  static override styles = [
    themeStyles,
    css`
      :host {
        display: grid;
        gap: 8px;
      }
      .bar {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      .screen {
        height: var(--jarvis-terminal-height, 320px);
        background: #000;
        border-radius: 6px;
        padding: 4px;
      }
    `,
  ];

  node?: string;
  nodes: string[] = [];
  state: "closed" | "opening" | "open" = "closed";
  problem?: string;
  /** Why no shell can be opened here at all (SSH is off, no node is online), in words. */
  unavailable?: string;
  private term?: TerminalHandle;
  private stream?: Stream<{ terminal_id: string }>;
  private terminalId?: string;

  protected override start(transport: Transport): void {
    this.unavailable = undefined;
    transport
      .call<StatusResult>("status")
      .then((s) => {
        const ssh = s.integrations.ssh;
        if (ssh?.state !== "off") return;
        const demo = s.demo ? " The demo has no SSH: nothing real is touched." : "";
        this.unavailable = `The terminal opens a shell on a node over SSH, which is off here (${ssh.detail}).${demo}`;
      })
      .catch(() => undefined);
    // The node list comes from one cluster snapshot; the subscription is closed at once.
    transport
      .open<{ snapshot: { nodes: { name: string; online: boolean }[] } }>("subscribe_cluster", { history_minutes: 1 }, { onEvent: () => undefined })
      .then((s) => {
        s.close();
        this.nodes = s.result.snapshot.nodes.filter((n) => n.online).map((n) => n.name);
        this.node ??= this.nodes[0];
        if (this.nodes.length === 0) this.unavailable ??= "No node is online to open a shell on.";
      })
      .catch((err: Error) => (this.unavailable ??= `No nodes to open a shell on: ${err.message}.`));
  }

  protected override stop(): void {
    this.close();
  }

  private async open(): Promise<void> {
    const transport = this.transport;
    const host = this.renderRoot.querySelector<HTMLElement>(".screen");
    if (!transport || !this.node || !host || this.state !== "closed") return;
    this.state = "opening";
    this.problem = undefined;
    this.term?.dispose();
    try {
      const mod = await loadSibling<TerminalModule>("jarvis-terminal.js");
      this.term = mod.createTerminal(this.renderRoot as ShadowRoot, host, {
        screenReader: true,
        onData: (data) => this.terminalId && void transport.call("terminal/input", { terminal_id: this.terminalId, data }).catch(() => undefined),
        onResize: (cols, rows) => this.terminalId && void transport.call("terminal/resize", { terminal_id: this.terminalId, cols, rows }).catch(() => undefined),
      });
      this.stream = await transport.open<{ terminal_id: string }>("terminal/open", { node: this.node, cols: this.term.cols, rows: this.term.rows }, {
        onEvent: (e) => {
          const ev = e as TerminalEvent;
          if (ev.type === "output") this.term?.write(ev.data);
          else if (ev.type === "exit") {
            this.term?.write(`\r\n[session ended with code ${ev.code}]\r\n`);
            this.finish();
          } else if (ev.type === "disconnected") {
            this.term?.write(`\r\n[connection to Jarvis lost: ${ev.reason}]\r\n`);
            this.finish();
          }
        },
      });
      this.terminalId = this.stream.result.terminal_id;
      this.state = "open";
    } catch (err) {
      this.problem = (err as Error).message;
      this.close();
    }
  }

  /** The shell ended on its own: keep the screen so its last output stays readable. */
  private finish(): void {
    this.stream?.close();
    this.stream = undefined;
    this.terminalId = undefined;
    this.state = "closed";
  }

  private close(): void {
    if (this.terminalId) void this.transport?.call("terminal/close", { terminal_id: this.terminalId }).catch(() => undefined);
    this.finish();
    this.term?.dispose();
    this.term = undefined;
  }

  protected override render() {
    if (this.unavailable && this.state === "closed") return html`<p class="muted" data-empty="terminal">${this.unavailable}</p>`;
    const open = this.state !== "closed";
    return html`<div class="bar">
        <label>Node
          <select ?disabled=${open} @change=${(e: Event) => (this.node = (e.target as HTMLSelectElement).value)}>
            ${this.nodes.map((n) => html`<option ?selected=${n === this.node}>${n}</option>`)}
          </select></label>
        ${open
          ? html`<button @click=${() => this.close()}>Close session</button>`
          : html`<button class="primary" ?disabled=${!this.node} @click=${() => void this.open()}>Open shell on ${this.node ?? "…"}</button>`}
        <span class="muted">Sessions are recorded.</span>
      </div>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      <div class="screen" role="region" aria-label="Terminal on ${this.node ?? "no node"}"></div>`;
  }
}

customElements.get("jarvis-terminal-view") ?? customElements.define("jarvis-terminal-view", JarvisTerminalView);
