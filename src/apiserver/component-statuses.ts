// ComponentStatus (`kubectl get componentstatuses`, short name cs): the control plane's health as the
// apiserver sees it, probed afresh on every read as kube-apiserver does: the scheduler's and the
// controller-manager's /healthz on their local ports, each etcd member's /health, or on the embedded store
// one read of it. Nothing is stored. Kubernetes deprecated the kind in 1.19 and 1.32 still serves it, with a
// warning on every answer; so do we.
import type { ComponentCondition, ComponentStatus } from 'kubernetes-types/core/v1';
import { errors } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { Call } from './call';
import { includeObject, wantsTable } from './negotiate';
import { sendJson } from './respond';
import { tableOf } from './table-format';

export const COMPONENT_STATUS_WARNING = 'v1 ComponentStatus is deprecated in v1.19+';

/** One component to check: an HTTP health URL (2xx or 3xx and, if given, a body `validate` accepts) or a call. */
export type ComponentProbe =
  | { name: string; url: string; validate?: (body: string) => string | undefined }
  | { name: string; check: () => Promise<void> };

export interface ComponentProbeOptions {
  /** The scheduler's health URL (default http://127.0.0.1:10251/healthz, its default --port). */
  schedulerHealthz?: string;
  /** The controller-manager's health URL (default http://127.0.0.1:10252/healthz). */
  controllerManagerHealthz?: string;
  /** etcd members: each is `etcd-<i>`, checked at <url>/health. */
  etcdServers?: string[];
  /** Without etcd: the embedded store, checked by one read. */
  storeCheck?: () => Promise<void>;
}

/** etcd answers {"health":"true",...} when it has a leader and can serve. */
const etcdHealthy = (body: string): string | undefined => {
  try {
    return (JSON.parse(body) as { health?: unknown }).health === 'true' ? undefined : 'Unhealthy';
  } catch {
    return 'Unhealthy';
  }
};

/** The components `kubectl get cs` lists, in Kubernetes' order: scheduler, controller-manager, storage. */
export function componentProbes(o: ComponentProbeOptions): ComponentProbe[] {
  const probes: ComponentProbe[] = [
    { name: 'scheduler', url: o.schedulerHealthz ?? 'http://127.0.0.1:10251/healthz' },
    { name: 'controller-manager', url: o.controllerManagerHealthz ?? 'http://127.0.0.1:10252/healthz' },
  ];
  (o.etcdServers ?? []).forEach((server, i) =>
    probes.push({ name: `etcd-${i}`, url: `${server.replace(/\/+$/, '')}/health`, validate: etcdHealthy }),
  );
  if (!o.etcdServers?.length && o.storeCheck) probes.push({ name: 'sqlite', check: o.storeCheck });
  return probes;
}

/** A network failure in Go's words, as kubectl users know them from Kubernetes. */
function reasonOf(err: unknown): string {
  const cause = (err as { cause?: NodeJS.ErrnoException }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connect: connection refused';
  if ((err as Error).name === 'TimeoutError') return 'context deadline exceeded';
  return cause?.message ?? (err as Error).message ?? String(err);
}

const condition = (c: Omit<ComponentCondition, 'type'>): ComponentStatus => ({
  conditions: [{ type: 'Healthy', ...c }],
});

async function run(p: ComponentProbe, timeoutMs: number): Promise<ComponentStatus> {
  if ('check' in p) {
    try {
      await p.check();
      return condition({ status: 'True', message: 'ok' });
    } catch (err) {
      return condition({ status: 'False', error: err instanceof Error ? err.message : String(err) });
    }
  }
  let res: Response;
  try {
    res = await fetch(p.url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (err) {
    return condition({ status: 'Unknown', error: `Get "${p.url}": ${reasonOf(err)}` });
  }
  const body = (await res.text().catch(() => '')).slice(0, 1024);
  if (res.status >= 400)
    return condition({
      status: 'False',
      message: body,
      error: `HTTP probe failed with statuscode: ${res.status}`,
    });
  const invalid = p.validate?.(body);
  return invalid
    ? condition({ status: 'False', message: body, error: invalid })
    : condition({ status: 'True', message: body });
}

/** Every component's status now (the probes run together), or the named one; 404 for a name not listed. */
export async function componentStatuses(
  probes: ComponentProbe[],
  name?: string,
  timeoutMs = 5000,
): Promise<ComponentStatus[]> {
  const wanted = name === undefined ? probes : probes.filter((p) => p.name === name);
  if (name !== undefined && !wanted.length) throw errors.notFound('componentstatuses', name);
  return Promise.all(
    wanted.map(async (p) => ({
      kind: 'ComponentStatus',
      apiVersion: 'v1',
      metadata: { name: p.name },
      ...(await run(p, timeoutMs)),
    })),
  );
}

/** GET /api/v1/componentstatuses[/{name}]: a ComponentStatusList, one ComponentStatus, or their Table. */
export async function serveComponentStatuses(
  call: Call,
  probes: ComponentProbe[],
  name?: string,
): Promise<void> {
  const method = call.req.method ?? 'GET';
  const watch = call.query.get('watch');
  if ((method !== 'GET' && method !== 'HEAD') || watch === 'true' || watch === '1')
    throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
  const items = await componentStatuses(probes, name);
  const body = wantsTable(call.req.headers.accept)
    ? tableOf({ resource: 'componentstatuses' }, items as KubeObject[], {
        now: call.clock.now(),
        includeObject: includeObject(call.query),
      })
    : name !== undefined
      ? items[0]
      : { kind: 'ComponentStatusList', apiVersion: 'v1', metadata: {}, items };
  sendJson(call.res, 200, body, [COMPONENT_STATUS_WARNING]);
}
