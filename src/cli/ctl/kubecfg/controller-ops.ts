// kubecfg's replication-controller verbs: run (make an RC of N copies of an image labelled name=NAME),
// resize (set its replicas) and stop (resize to 0, wait for the pods to go, then delete the RC).
import type { Pod, ReplicationController } from '../../../api/types';
import type { ClientInterface } from '../../../client';
import { UsageError } from '../usage-error';
import { labelString } from './printer';

export interface OpsDeps {
  client: ClientInterface;
  namespace: string;
  sleep(ms: number): Promise<void>;
  now(): number;
  log(line: string): void;
  /** How often to look again while waiting; default 500 ms. */
  pollMs?: number;
  /** How long to wait for the controller-manager; default 120 s. */
  timeoutMs?: number;
}

export function parsePortSpec(spec: string): { hostPort?: number; containerPort: number } {
  const parts = spec.split(':').map(Number);
  if (parts.some((p) => !Number.isInteger(p) || p < 1 || p > 65535) || parts.length > 2)
    throw new UsageError(`invalid port spec "${spec}": use CONTAINER_PORT or HOST_PORT:CONTAINER_PORT`);
  return parts.length === 2
    ? { hostPort: parts[0]!, containerPort: parts[1]! }
    : { containerPort: parts[0]! };
}

export function controllerFor(
  image: string,
  replicas: number,
  name: string,
  port?: string,
): ReplicationController {
  const labels = { name };
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name, labels },
    spec: {
      replicas,
      selector: labels,
      template: {
        metadata: { labels },
        spec: { containers: [{ name, image, ...(port ? { ports: [parsePortSpec(port)] } : {}) }] },
      },
    },
  };
}

export function parseReplicas(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`replicas must be a whole number >= 0, not "${text}"`);
  return n;
}

/** Live (not being deleted) pods of the RC. */
export async function podsOf(d: OpsDeps, rc: ReplicationController): Promise<Pod[]> {
  const list = await d.client.list<Pod>('pods', d.namespace, {
    labelSelector: labelString(rc.spec?.selector),
  });
  return list.items.filter((p) => !p.metadata?.deletionTimestamp);
}

/** Polls `done` until it answers true or the timeout passes (then throws `what`). */
export async function waitUntil(d: OpsDeps, what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = d.now() + (d.timeoutMs ?? 120_000);
  while (!(await done())) {
    if (d.now() > deadline)
      throw new Error(`timed out waiting for ${what}: is the controller-manager running?`);
    await d.sleep(d.pollMs ?? 500);
  }
}

export async function stopController(d: OpsDeps, name: string): Promise<void> {
  await d.client.patchScale('replicationcontrollers', d.namespace, name, 0);
  d.log(`resized ${name} to 0; waiting for its pods to stop`);
  await waitUntil(d, `the pods of ${name} to stop`, async () => {
    const rc = await d.client.get<ReplicationController>('replicationcontrollers', d.namespace, name);
    return (await podsOf(d, rc)).length === 0 && (rc.status?.replicas ?? 0) === 0;
  });
  await d.client.delete('replicationcontrollers', d.namespace, name);
  d.log(`Deleted replicationController ${name}`);
}
