// Colours only through HA theme variables with fallbacks (user override -> HA theme -> default).
//
// `hostTheme` defines the palette once, on the elements a page holds directly (the cards, their editors and
// the add-on's page); the views inside inherit it. A view must not define it again: its own light fallbacks
// would hide the dark ones of the host around it. `themeStyles` is what every element draws with.
//
// Coloured text is mixed with the text colour (`--jv-*-text`): in light themes that darkens it, in dark ones
// it lightens it, so it stays readable on the card and on raised surfaces whatever the theme's hues.
// Filled controls draw white text on the theme colour darkened (`--jv-*-strong`).
import { css } from "lit";

export const hostTheme = css`
  :host {
    color-scheme: light;
    --jv-text: var(--primary-text-color, #212121);
    --jv-muted: var(--secondary-text-color, #636363);
    --jv-bg: var(--ha-card-background, var(--card-background-color, #fff));
    --jv-raised: var(--secondary-background-color, #f0f0f0);
    --jv-divider: var(--divider-color, rgba(0, 0, 0, 0.12));
    --jv-primary: var(--primary-color, #009ac7);
    --jv-on-primary: var(--text-primary-color, #fff);
    --jv-ok: var(--success-color, #43a047);
    --jv-warn: var(--warning-color, #ffa600);
    --jv-error: var(--error-color, #db4437);
    --jv-info: var(--info-color, #039be5);
    --jv-tier-green: var(--jarvis-tier-green, var(--jv-ok));
    --jv-tier-yellow: var(--jarvis-tier-yellow, var(--amber-color, #ffc107));
    --jv-tier-orange: var(--jarvis-tier-orange, var(--orange-color, #ff9800));
    --jv-tier-red: var(--jarvis-tier-red, var(--jv-error));
    --jv-tier-black: var(--jarvis-tier-black, var(--jv-text));
  }
  :host([dark]) {
    color-scheme: dark;
    --jv-text: var(--primary-text-color, #e1e1e1);
    --jv-muted: var(--secondary-text-color, #9b9b9b);
    --jv-bg: var(--ha-card-background, var(--card-background-color, #1c1c1c));
    --jv-raised: var(--secondary-background-color, #282828);
    --jv-divider: var(--divider-color, rgba(225, 225, 225, 0.12));
  }
`;

export const themeStyles = css`
  :host {
    --jv-primary-text: color-mix(in srgb, var(--jv-primary) 45%, var(--jv-text));
    --jv-primary-strong: color-mix(in srgb, var(--jv-primary) 65%, #000);
    --jv-error-strong: color-mix(in srgb, var(--jv-error) 80%, #000);
    --jv-ok-text: color-mix(in srgb, var(--jv-ok) 45%, var(--jv-text));
    --jv-error-text: color-mix(in srgb, var(--jv-error) 45%, var(--jv-text));
    --jv-info-text: color-mix(in srgb, var(--jv-info) 45%, var(--jv-text));
    color: var(--jv-text);
    font-family: var(--paper-font-body1_-_font-family, var(--ha-font-family-body, system-ui, sans-serif));
  }
  ha-card:not(:defined) {
    display: block;
    background: var(--jv-bg);
    border-radius: var(--ha-card-border-radius, 12px);
    border: 1px solid var(--jv-divider);
  }
  button {
    font: inherit;
    color: inherit;
    background: var(--jv-raised);
    border: 1px solid var(--jv-divider);
    border-radius: 8px;
    padding: 4px 10px;
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--jv-primary);
    outline-offset: 1px;
  }
  button[disabled] {
    opacity: 0.5;
    cursor: default;
  }
  button.primary {
    background: var(--jv-primary-strong);
    color: var(--jv-on-primary);
    border-color: transparent;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--jv-bg);
    border: 1px solid var(--jv-divider);
    border-radius: 6px;
    padding: 4px 6px;
  }
  .muted {
    color: var(--jv-muted);
  }
  .error {
    color: var(--jv-error-text);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    border-radius: 10px;
    padding: 0 8px;
    font-size: 0.8em;
    line-height: 1.6;
    border: 1px solid var(--jv-chip, currentColor);
  }
  /* The tier's own colour on the border; its text, pale yellows included, readable on raised surfaces. */
  [class*="tier-"] {
    color: color-mix(in srgb, var(--jv-chip, var(--jv-text)) 35%, var(--jv-text));
  }
  .tier-GREEN { --jv-chip: var(--jv-tier-green); }
  .tier-YELLOW { --jv-chip: var(--jv-tier-yellow); }
  .tier-ORANGE { --jv-chip: var(--jv-tier-orange); }
  .tier-RED { --jv-chip: var(--jv-tier-red); }
  .tier-BLACK { --jv-chip: var(--jv-tier-black); }
`;
