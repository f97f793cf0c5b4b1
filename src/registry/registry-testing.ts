// Test support for the registry's own tests: a registry on a fresh in-memory store with a fake clock and
// sequential ids, a valid fixture of every kind, and a way to let store watches deliver.
import type { KubeObject, WatchEventType } from '../api/types';
import { MemoryStore } from '../storage/memory';
import { FakeClock, sequentialIds } from '../util';
import { createRegistry, type K8tsRegistry, type RegistryOptions } from './create-registry';
import type { ResourceStorage, WatchEventOut } from './rest';

export interface Harness {
  registry: K8tsRegistry;
  store: MemoryStore;
  clock: FakeClock;
  r(resource: string): ResourceStorage;
  /** Lets watches deliver and the namespace cleaner finish what it started. */
  settle(): Promise<void>;
}

export async function newHarness(
  options: Partial<RegistryOptions> = {},
  store = new MemoryStore(),
): Promise<Harness> {
  const clock = new FakeClock();
  const registry = await createRegistry({ store, clock, ids: sequentialIds(), ...options });
  const settle = async () => {
    await flush();
    await registry.idle();
    await flush();
  };
  return { registry, store, clock, r: (resource) => registry.resource(resource)!, settle };
}

/** Lets the memory store's watch callbacks (microtasks) and the work they start run to completion. */
export const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const container = { name: 'c', image: 'busybox' };

/** A valid object of each kind, named `name`, and whether deleting it only marks it. */
export function fixture(resource: string, name = 'web'): KubeObject {
  const metadata = { name, labels: { app: 'web' } };
  switch (resource) {
    case 'pods':
      return { metadata, spec: { containers: [container] } };
    case 'services':
      return {
        metadata,
        spec: { selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] },
      };
    case 'replicationcontrollers':
      return {
        metadata,
        spec: {
          replicas: 2,
          selector: { app: 'web' },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
        },
      };
    case 'endpoints':
      return { metadata, subsets: [{ addresses: [{ ip: '10.244.0.5' }], ports: [{ port: 80 }] }] };
    case 'events':
      return {
        metadata,
        involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
        reason: 'Started',
        message: 'started',
        type: 'Normal',
      };
    case 'nodes':
      return { metadata, spec: {}, status: { capacity: { cpu: '2', memory: '4Gi', pods: '110' } } };
    case 'namespaces':
      return { metadata };
    default:
      throw new Error(`no fixture for ${resource}`);
  }
}

/** Collects watch events as [type, name, resourceVersion]. */
export function recorder(): {
  send: (e: WatchEventOut) => void;
  events: WatchEventOut[];
  seen(): [WatchEventType, string][];
} {
  const events: WatchEventOut[] = [];
  return {
    events,
    send: (e) => events.push(e),
    seen: () => events.map((e) => [e.type, e.object.metadata?.name ?? ''] as [WatchEventType, string]),
  };
}
