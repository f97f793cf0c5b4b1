// Logging: one pino root logger; components take a child with their name. Lines about an object carry its
// `namespace` and `name` fields (objectFields), so one pod's story can be grepped across components.
import pino, { type Level, type Logger } from 'pino';

export type { Logger };

const level = process.env.K8TS_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');

export const rootLogger: Logger = pino({ level, base: { pid: process.pid } });

export function componentLogger(component: string): Logger {
  return rootLogger.child({ component });
}

/**
 * The pino level for Kubernetes' `--v N`: 0–1 info, 2–3 debug (klog's "useful steady state" and up),
 * 4 and more trace. Throws for anything but a non-negative integer.
 */
export function levelForVerbosity(v: string | number): Level {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || String(v).trim() === '')
    throw new Error(`invalid --v ${JSON.stringify(String(v))}: want an integer ≥ 0`);
  return n >= 4 ? 'trace' : n >= 2 ? 'debug' : 'info';
}

/** Applies `--v N` to the root logger; call before creating component loggers (children copy the level). */
export function setVerbosity(v: string | number): void {
  rootLogger.level = levelForVerbosity(v);
}

/** The log fields naming an object: `{ namespace, name }` (namespace left out for cluster-scoped ones). */
export function objectFields(o: { metadata?: { namespace?: string; name?: string } }): {
  namespace?: string;
  name?: string;
} {
  const { namespace, name } = o.metadata ?? {};
  return namespace ? { namespace, name } : { name };
}
