// Home Assistant's default theme, light and dark, as its frontend puts it on <html> (the colour variables of
// src/resources/theme/color/color.globals.ts that cards read), for pages that stand in for HA's frontend: the
// HA double's dashboard shell sets none (nor the page's language, which HA's frontend puts on <html> too).
// Applying one also tells the card, as HA does through `hass.themes`.
import type { Page } from "playwright-core";

export type Mode = "light" | "dark" | "custom";

const LIGHT: Record<string, string> = {
  "--primary-text-color": "#212121",
  "--secondary-text-color": "#727272",
  "--text-primary-color": "#ffffff",
  "--primary-color": "#009ac7",
  "--divider-color": "rgba(0, 0, 0, 0.12)",
  "--error-color": "#db4437",
  "--warning-color": "#ffa600",
  "--success-color": "#43a047",
  "--info-color": "#039be5",
  "--card-background-color": "#ffffff",
  "--primary-background-color": "#fafafa",
  "--secondary-background-color": "#e5e5e5",
  "--amber-color": "#ffc107",
  "--orange-color": "#ff9800",
};

const DARK: Record<string, string> = {
  ...LIGHT,
  "--primary-background-color": "#111111",
  "--card-background-color": "#1c1c1c",
  "--secondary-background-color": "#282828",
  "--primary-text-color": "#e1e1e1",
  "--secondary-text-color": "#9b9b9b",
  "--divider-color": "rgba(225, 225, 225, 0.12)",
};

/** A household's own dark theme (as in themes.yaml), in hues HA's default never uses. */
export const CUSTOM: Record<string, string> = {
  ...DARK,
  "--primary-background-color": "#1b1730",
  "--card-background-color": "#262040",
  "--secondary-background-color": "#332b55",
  "--primary-text-color": "#f1ecff",
  "--secondary-text-color": "#b9b0dd",
  "--divider-color": "rgba(241, 236, 255, 0.16)",
  "--primary-color": "#e0a030",
  "--success-color": "#3fbf7f",
  "--error-color": "#ff6b81",
};

const THEMES: Record<Mode, Record<string, string>> = { light: LIGHT, dark: DARK, custom: CUSTOM };

/** Puts HA's theme for `mode` on the page and hands the card a `hass` that says which it is. */
export async function applyHaTheme(page: Page, mode: Mode): Promise<void> {
  await page.evaluate(
    ({ vars, dark }) => {
      const root = document.documentElement;
      root.lang = "en";
      for (const [name, value] of Object.entries(vars)) root.style.setProperty(name, value);
      root.style.setProperty("color-scheme", dark ? "dark" : "light");
      document.body.style.background = "var(--primary-background-color)";
      const harness = (window as unknown as { harness: { card: { hass: unknown }; hass: Record<string, unknown> } }).harness;
      harness.hass = { ...harness.hass, themes: { darkMode: dark, theme: "default" } };
      harness.card.hass = harness.hass;
    },
    { vars: THEMES[mode], dark: mode !== "light" },
  );
}
