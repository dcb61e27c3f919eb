// A view that lives off a Transport: it starts its streams when it is connected and has one, and stops
// them when it leaves the page or the transport changes.
import { LitElement, type PropertyDeclarations, type PropertyValues } from "lit";
import type { Transport } from "../transport/transport.js";

export abstract class TransportView extends LitElement {
  static override properties: PropertyDeclarations = { transport: { attribute: false } };
  transport?: Transport;
  private running?: Transport;

  /** Opens what the view needs; `stop` is called before any restart. */
  protected abstract start(transport: Transport): void;
  protected abstract stop(): void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.sync();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has("transport")) this.sync();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.running) this.stop();
    this.running = undefined;
  }

  private sync(): void {
    if (!this.isConnected || this.transport === this.running) return;
    if (this.running) this.stop();
    this.running = this.transport;
    if (this.transport) this.start(this.transport);
  }
}
