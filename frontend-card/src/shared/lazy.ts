// Loads a sibling bundle (the terminal, the wake word engine) from next to the card's own script, so it
// works wherever HA or the add-on serves the card from. The URL is computed, so esbuild leaves it alone.

export function loadSibling<M>(file: string): Promise<M> {
  return import(/* @vite-ignore */ new URL(`./${file}`, import.meta.url).href) as Promise<M>;
}

/** The URL of a sibling asset folder (wake word models and runtime). */
export const siblingUrl = (path: string): string => new URL(`./${path}`, import.meta.url).href;
