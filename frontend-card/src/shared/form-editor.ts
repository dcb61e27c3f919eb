// The visual editor every card uses: one labelled control per schema field; each change fires HA's
// `config-changed` with the whole new config. Plain form controls, so it works inside and outside HA.
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import type { CardSchema, FieldSpec } from "./config-schema.js";
import { hostTheme, themeStyles } from "./styles.js";

type Config = Record<string, unknown>;

export abstract class JarvisFormEditor extends LitElement {
  static override properties = { config: { state: true } };
  static override styles = [
    hostTheme,
    themeStyles,
    css`
      form {
        display: grid;
        gap: 12px;
      }
      label {
        display: grid;
        gap: 4px;
      }
      fieldset {
        border: 1px solid var(--jv-divider);
        border-radius: 8px;
      }
      .check {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      small {
        color: var(--jv-muted);
      }
    `,
  ];

  protected abstract readonly schema: CardSchema;
  config: Config = {};
  /** HA sets it on every editor; the form does not need it. */
  hass?: unknown;

  setConfig(config: Config): void {
    this.config = config;
  }

  private change(name: string, value: unknown): void {
    const next: Config = { ...this.config };
    if (value === undefined || value === "") delete next[name];
    else next[name] = value;
    this.config = next;
    this.dispatchEvent(new CustomEvent("config-changed", { detail: { config: next }, bubbles: true, composed: true }));
  }

  private control(f: FieldSpec): TemplateResult {
    const value = this.config[f.name];
    const help = f.help ? html`<small>${f.help}</small>` : nothing;
    switch (f.type) {
      case "boolean":
        return html`<label class="check"
          ><input type="checkbox" name=${f.name} .checked=${value === true}
            @change=${(e: Event) => this.change(f.name, (e.target as HTMLInputElement).checked)} />${f.label}</label
        >`;
      case "number":
        return html`<label>${f.label}<input type="number" name=${f.name} min=${f.min} max=${f.max} .value=${value === undefined ? "" : String(value)}
          @change=${(e: Event) => {
            const raw = (e.target as HTMLInputElement).value;
            this.change(f.name, raw === "" ? undefined : Number(raw));
          }} />${help}</label>`;
      case "select":
        return html`<label>${f.label}<select name=${f.name} @change=${(e: Event) => this.change(f.name, (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${value === undefined}>(default)</option>
          ${f.options.map((o) => html`<option value=${o} ?selected=${value === o}>${o}</option>`)}
        </select>${help}</label>`;
      case "multi": {
        const list = Array.isArray(value) ? (value as string[]) : [];
        const toggle = (o: string, on: boolean) => {
          const next = f.options.filter((x) => (x === o ? on : list.includes(x)));
          this.change(f.name, next.length ? next : undefined);
        };
        return html`<fieldset><legend>${f.label}</legend>
          ${f.options.map((o) => html`<label class="check"><input type="checkbox" name="${f.name}-${o}" .checked=${list.includes(o)}
            @change=${(e: Event) => toggle(o, (e.target as HTMLInputElement).checked)} />${o}</label>`)}
          ${help}</fieldset>`;
      }
      case "string":
        return html`<label>${f.label}<input type="text" name=${f.name} .value=${(value as string | undefined) ?? ""}
          @change=${(e: Event) => this.change(f.name, (e.target as HTMLInputElement).value.trim())} />${help}</label>`;
    }
  }

  protected override render(): TemplateResult {
    return html`<form @submit=${(e: Event) => e.preventDefault()}>${this.schema.fields.map((f) => this.control(f))}</form>`;
  }
}
