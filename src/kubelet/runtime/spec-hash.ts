// hashContainer: a stable hash of a container spec, stored as a label on its container, so the kubelet can tell
// "same spec, keep running" from "spec changed, recreate" — even after a restart. Key order does not matter;
// absent, null and empty-array fields hash alike, because defaulting and clients differ on which they send.
import { createHash } from 'node:crypto';
import type { Container } from '../../api/types';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
      out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

export function hashContainer(container: Container): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(container)))
    .digest('hex')
    .slice(0, 16);
}
