// Small pure formatters shared by the views.

export const pct = (n: number | null | undefined): string => (n == null || !Number.isFinite(n) ? "–" : `${Math.round(n)}%`);

export const gib = (n: number): string => (n >= 1024 ? `${(n / 1024).toFixed(1)} TiB` : `${n < 10 ? n.toFixed(1) : Math.round(n)} GiB`);

export function uptime(seconds: number): string {
  if (!seconds) return "–";
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  return d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : `${m}m`;
}

export const clock = (iso: string): string =>
  new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

export const usd = (n: number): string => `$${n.toFixed(2)}`;

/** Clamps a percentage into 0..100 for bars and sparklines. */
export const clampPct = (n: number): number => Math.min(100, Math.max(0, Number.isFinite(n) ? n : 0));
