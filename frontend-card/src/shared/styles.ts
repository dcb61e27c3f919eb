// Colours only through HA theme variables with fallbacks (user override -> HA theme -> default); the
// fallbacks follow dark mode when the card is shown outside HA.
import { css } from "lit";

export const themeStyles = css`
  :host {
    --jv-text: var(--primary-text-color, #212121);
    --jv-muted: var(--secondary-text-color, #6b6b6b);
    --jv-bg: var(--ha-card-background, var(--card-background-color, #fff));
    --jv-raised: var(--secondary-background-color, #f2f2f2);
    --jv-divider: var(--divider-color, rgba(0, 0, 0, 0.12));
    --jv-primary: var(--primary-color, #03a9f4);
    --jv-on-primary: var(--text-primary-color, #fff);
    --jv-ok: var(--success-color, #43a047);
    --jv-warn: var(--warning-color, #ffa600);
    --jv-error: var(--error-color, #db4437);
    --jv-info: var(--info-color, #039be5);
    --jv-tier-green: var(--jarvis-tier-green, var(--jv-ok));
    --jv-tier-yellow: var(--jarvis-tier-yellow, var(--amber-color, #c79100));
    --jv-tier-orange: var(--jarvis-tier-orange, var(--orange-color, #ef6c00));
    --jv-tier-red: var(--jarvis-tier-red, var(--jv-error));
    --jv-tier-black: var(--jarvis-tier-black, #000);
    color: var(--jv-text);
    font-family: var(--paper-font-body1_-_font-family, var(--ha-font-family-body, system-ui, sans-serif));
  }
  :host([dark]) {
    --jv-text: var(--primary-text-color, #e1e1e1);
    --jv-muted: var(--secondary-text-color, #9b9b9b);
    --jv-bg: var(--ha-card-background, var(--card-background-color, #1c1c1c));
    --jv-raised: var(--secondary-background-color, #282828);
    --jv-divider: var(--divider-color, rgba(225, 225, 225, 0.12));
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
  textarea:focus-visible {
    outline: 2px solid var(--jv-primary);
    outline-offset: 1px;
  }
  button[disabled] {
    opacity: 0.5;
    cursor: default;
  }
  button.primary {
    background: var(--jv-primary);
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
    color: var(--jv-error);
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
    border: 1px solid currentColor;
  }
  .tier-GREEN { color: var(--jv-tier-green); }
  .tier-YELLOW { color: var(--jv-tier-yellow); }
  .tier-ORANGE { color: var(--jv-tier-orange); }
  .tier-RED { color: var(--jv-tier-red); }
  .tier-BLACK { color: var(--jv-tier-black); }
`;
