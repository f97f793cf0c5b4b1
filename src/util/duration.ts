// Go-style durations as the flags of Kubernetes components take them (`40s`, `5m`, `1m30s`, `500ms`).

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Milliseconds in text; throws an error naming the flag (when given) and the accepted form. */
export function parseDuration(text: string, flag?: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text)
    throw new Error(
      `invalid ${flag ?? 'duration'} ${JSON.stringify(text)}: want a duration such as 20s, 5m, 1m30s or 500ms`,
    );
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2] as keyof typeof UNIT_MS], 0);
}
