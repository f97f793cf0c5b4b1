// sampleValue: reads one sample out of Prometheus text exposition, for tests that scrape a component's
// /metrics the way Prometheus would rather than peeking at its registry.

/** The value of `name{labels}` (labels matched exactly as a set), or undefined when no such sample. */
export function sampleValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '')
      .split(/,(?=[a-zA-Z_]+=")/)
      .filter(Boolean)
      .sort()
      .join(',');
    if (have === want) return Number(m[3]);
  }
  return undefined;
}

/** GETs http://address/path and answers the status and body (the address must be on 127.0.0.0/8). */
export async function scrape(address: string, path = '/metrics'): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://${address}${path}`);
  return { status: res.status, body: await res.text() };
}
