// formatAge: an object's age the way `kubectl get` prints it (45s, 12m, 3h, 2d5h, 40d), from two instants.
// The clock is passed in so that the browser's ticking and the tests agree on "now".

/** kubectl's short human duration: at most two units, and only the largest one once it is big. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
  if (d < 365 * 2) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

/** Age of something created at `created` (RFC 3339), or "<unknown>" when the timestamp is missing or bad. */
export function formatAge(created: string | undefined, nowMs: number): string {
  const t = created ? Date.parse(created) : NaN;
  return Number.isNaN(t) ? '<unknown>' : formatDuration(nowMs - t);
}
