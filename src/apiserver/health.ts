// /healthz, /livez and /readyz as Kubernetes serves them: `ok`, or with ?verbose one `[+]name ok` line per
// check and `<endpoint> check passed`; a failing check makes the answer a 500 that lists `[-]name failed:
// reason withheld` (the reason is logged, not told). /healthz and /livez ask only whether this process serves
// (ping); /readyz also reads the store, so an apiserver whose etcd is gone says it is not ready. One check
// alone is at /readyz/<name>; ?exclude=<name> leaves one out.
import { errors } from '../api/errors';
import type { Call } from './call';
import { sendText } from './respond';

export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

export const HEALTH_ENDPOINTS = ['/healthz', '/livez', '/readyz'] as const;

/** A store that has not answered in this long is not ready. */
const CHECK_TIMEOUT_MS = 2000;

const PING: HealthCheck = { name: 'ping', check: async () => {} };

async function run(c: HealthCheck): Promise<Error | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([c.check(), late]);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  } finally {
    clearTimeout(timer);
  }
}

/** Answers `path` (an endpoint, or an endpoint and a check's name); `storeChecks` count for /readyz only. */
export async function serveHealth(call: Call, path: string, storeChecks: HealthCheck[]): Promise<void> {
  const endpoint = HEALTH_ENDPOINTS.find((e) => path === e || path.startsWith(`${e}/`))!;
  const excluded = new Set(call.query.getAll('exclude'));
  const all = [PING, ...(endpoint === '/readyz' ? storeChecks : [])].filter((c) => !excluded.has(c.name));
  const one = path.slice(endpoint.length + 1);
  if (one) {
    const c = all.find((x) => x.name === one);
    if (!c) throw errors.notFound('healthz check', one);
    const failed = await run(c);
    if (failed) call.log.warn({ check: one, err: failed.message }, 'health check failed');
    return sendText(
      call.res,
      failed ? 500 : 200,
      failed ? `internal server error: ${one} check failed` : 'ok',
    );
  }
  const results = await Promise.all(all.map(async (c) => ({ name: c.name, failed: await run(c) })));
  const failed = results.filter((r) => r.failed);
  for (const r of failed) call.log.warn({ check: r.name, err: r.failed!.message }, 'health check failed');
  const name = endpoint.slice(1);
  if (!failed.length && !call.query.has('verbose')) return sendText(call.res, 200, 'ok');
  const lines = results.map((r) => (r.failed ? `[-]${r.name} failed: reason withheld` : `[+]${r.name} ok`));
  lines.push(`${name} check ${failed.length ? 'failed' : 'passed'}`);
  sendText(call.res, failed.length ? 500 : 200, `${lines.join('\n')}\n`);
}
