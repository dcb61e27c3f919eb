// A tiny SVG line of recent percentages (0..100), newest on the right.
import { svg, type SVGTemplateResult } from "lit";
import { clampPct } from "./format.js";

export function sparkline(values: readonly number[], label: string, width = 80, height = 20): SVGTemplateResult {
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - (clampPct(v) / 100) * height).toFixed(1)}`).join(" ");
  return svg`<svg class="spark" viewBox="0 0 ${width} ${height}" width=${width} height=${height} role="img" aria-label=${label}>
    <polyline fill="none" stroke="currentColor" stroke-width="1.5" points=${points}></polyline>
  </svg>`;
}
