// What every Jarvis card shares: config validation from its schema, a transport built once per HA
// connection, admin and dark mode. `hass` changes many times a second in HA; assigning it only re-renders
// when one of those derived values actually changed (Lit compares each with !==).
import { LitElement, type PropertyDeclarations } from "lit";
import { HaTransport } from "../transport/ha-transport.js";
import type { Transport } from "../transport/transport.js";
import { validateConfig, type CardSchema } from "./config-schema.js";
import type { HassLike } from "./hass.js";

export abstract class JarvisBaseCard<C extends { type: string }> extends LitElement {
  static override properties: PropertyDeclarations = {
    config: { state: true },
    transport: { state: true },
    admin: { state: true },
    language: { state: true },
  };

  protected abstract readonly schema: CardSchema;
  protected config?: C;
  protected transport?: Transport;
  protected admin = false;
  protected language?: string;
  private current?: HassLike;

  set hass(hass: HassLike) {
    if (hass.connection !== this.current?.connection) this.transport = new HaTransport(hass.connection);
    this.current = hass;
    this.admin = hass.user?.is_admin === true;
    this.language = hass.locale?.language ?? hass.language;
    this.toggleAttribute("dark", hass.themes?.darkMode === true);
  }

  get hass(): HassLike | undefined {
    return this.current;
  }

  setConfig(config: unknown): void {
    this.config = validateConfig<C>(this.schema, config);
  }

  getCardSize(): number {
    return 6;
  }

  getGridOptions(): Record<string, number> {
    return { columns: 12, rows: 6, min_columns: 6, min_rows: 3 };
  }
}

/** Registers a card in HA's card picker (window.customCards) once. */
export function announceCard(type: string, name: string, description: string): void {
  const w = window as unknown as { customCards?: { type: string; name: string; description: string; preview?: boolean }[] };
  w.customCards ??= [];
  if (!w.customCards.some((c) => c.type === type)) w.customCards.push({ type, name, description, preview: false });
}
