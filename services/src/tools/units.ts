// Numbers as a person reads them: GiB with one decimal, percentages, durations like "3d 4h".
export const gib = (bytes: number | undefined): number | undefined =>
  bytes === undefined ? undefined : Math.round((bytes / 1024 ** 3) * 10) / 10;

export const pct = (fraction: number | undefined): number | undefined =>
  fraction === undefined || !Number.isFinite(fraction) ? undefined : Math.round(fraction * 1000) / 10;

export const share = (used: number | undefined, total: number | undefined): number | undefined =>
  used === undefined || !total ? undefined : pct(used / total);

export function duration(seconds: number | undefined): string | undefined {
  if (seconds === undefined || seconds <= 0) return undefined;
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m`;
}

export const isoTime = (epochSeconds: number | undefined): string | undefined =>
  epochSeconds === undefined ? undefined : new Date(epochSeconds * 1000).toISOString();
