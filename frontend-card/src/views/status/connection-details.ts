// What an HA admin needs to connect things to Jarvis, on the add-on's page rather than in files under /data
// that add-on users cannot open: the address and token for the Jarvis integration and, when Jarvis made it,
// the password for this page outside Home Assistant. Folded away until opened, as it holds secrets; anyone
// else is told why they see none (the server sends them to HA admins through ingress only).
import { css, html, nothing } from "lit";
import { themeStyles } from "../../shared/styles.js";
import { TransportView } from "../../shared/transport-view.js";
import type { Transport } from "../../transport/transport.js";

export interface ConnectionDetails {
  integration: { host: string; port: number; token: string; discovery: "announced" | "failed" | "pending" | "off"; reason?: string };
  password: { generated: true; value: string } | { generated: false };
}

const HOW_TO_ADD = "add the Jarvis integration under Settings → Devices & services with the host, port and token below";

function discoveryText(i: ConnectionDetails["integration"]): string {
  switch (i.discovery) {
    case "announced":
      return "Home Assistant was told about Jarvis: accept it under Settings → Devices & services. The details below are only needed to add it by hand.";
    case "failed":
      return `Home Assistant could not be told about Jarvis${i.reason ? ` (${i.reason})` : ""}: ${HOW_TO_ADD}.`;
    case "pending":
      return `Jarvis is still telling Home Assistant about itself. If it does not show under Settings → Devices & services, ${HOW_TO_ADD}.`;
    case "off":
      return `To connect Home Assistant, ${HOW_TO_ADD}.`;
  }
}

export class JarvisConnectionDetails extends TransportView {
  static override properties = { details: { state: true }, refused: { state: true } };
  static override styles = [
    themeStyles,
    css`
      details {
        margin-top: 16px;
      }
      summary h2 {
        display: inline;
        font-size: 1.1em;
        font-weight: 500;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 12px;
      }
      dt {
        color: var(--jv-muted);
      }
      dd {
        margin: 0;
      }
      code {
        user-select: all;
        word-break: break-all;
      }
    `,
  ];

  details?: ConnectionDetails;
  /** Why there are none to show (not an admin through ingress), as the server put it. */
  refused?: string;

  protected override start(transport: Transport): void {
    void this.load(transport);
  }

  protected override stop(): void {
    this.details = this.refused = undefined;
  }

  /** Read again whenever the section is opened: discovery may have finished since. */
  private async load(transport = this.transport): Promise<void> {
    if (!transport) return;
    try {
      this.details = await transport.call<ConnectionDetails>("connection/details");
      this.refused = undefined;
    } catch (err) {
      // An add-on without the command (older) shows nothing; a refusal shows its reason.
      const e = err as { code?: string; message?: string };
      if (e.code === "forbidden") this.refused = e.message;
    }
  }

  protected override render() {
    if (this.refused) return html`<p class="muted" data-connection-refused>Connection details: ${this.refused}.</p>`;
    const d = this.details;
    if (!d) return nothing;
    const i = d.integration;
    return html`<details @toggle=${(e: Event) => (e.target as HTMLDetailsElement).open && void this.load()}>
      <summary><h2>Connection details</h2></summary>
      <p data-connect="discovery">${discoveryText(i)}</p>
      <dl>
        <dt>Jarvis integration host</dt>
        <dd><code data-connect="host">${i.host}</code></dd>
        <dt>Port</dt>
        <dd><code data-connect="port">${i.port}</code></dd>
        <dt>Token</dt>
        <dd><code data-connect="token">${i.token}</code></dd>
        <dt>Password for this page outside Home Assistant</dt>
        <dd data-connect="password">
          ${d.password.generated
            ? html`<code>${d.password.value}</code><br /><span class="muted"
                  >Jarvis generated it because the add-on's <code>password</code> option is empty; set that option to choose your own.</span
                >`
            : html`the one in the add-on's <code>password</code> option.`}
        </dd>
      </dl>
    </details>`;
  }
}

customElements.get("jarvis-connection-details") ?? customElements.define("jarvis-connection-details", JarvisConnectionDetails);
