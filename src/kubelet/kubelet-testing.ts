// Test support for the kubelet: a Kubelet on a FakeRuntime, a FakeClient and a FakeClock, with an apiserver
// source and a hand-driven static source, and settle() to let every promise chain run after a clock step.
import type { KubeObject, Pod } from '../api/types';
import { FakeClient } from '../client';
import { FakeClock, sequentialIds } from '../util';
import { ApiserverSource, toStaticPod } from './config';
import { ManualSource } from './config/testing';
import { Kubelet, type KubeletOptions } from './kubelet';
import { FakeRuntime, type FakeRuntimeOptions } from './runtime';

export const NODE = 'node-1';

export function apiPod(name: string, uid: string, spec: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid },
    spec: {
      nodeName: NODE,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      containers: [{ name: 'main', image: 'busybox' }],
      ...spec,
    },
    status: { phase: 'Pending' },
  };
}

export function staticPod(name: string, spec: Partial<Pod['spec']> = {}): Pod {
  const manifest: Pod = {
    metadata: { name, namespace: 'default' },
    spec: { restartPolicy: 'Always', containers: [{ name: 'main', image: 'busybox' }], ...spec },
  };
  return toStaticPod(manifest, 'file', NODE);
}

export interface Harness {
  clock: FakeClock;
  client: FakeClient;
  runtime: FakeRuntime;
  files: ManualSource;
  kubelet: Kubelet;
  /** Lets every pending promise (informer lists, syncs, status writes, events) run to where it waits on the clock. */
  settle(): Promise<void>;
  /** Steps the clock, then settles. */
  step(ms: number): Promise<void>;
  /** A new Kubelet on the same runtime and client (a restarted kubelet). */
  restart(): Promise<Kubelet>;
  pod(name: string): Promise<Pod>;
}

export async function startHarness(
  options: {
    objects?: [string, Pod][];
    runtime?: FakeRuntimeOptions;
    kubelet?: Partial<KubeletOptions>;
    standalone?: boolean;
  } = {},
): Promise<Harness> {
  const clock = new FakeClock();
  const objects = options.objects as [string, KubeObject][] | undefined;
  const client = new FakeClient({ clock, ids: sequentialIds('api-'), objects });
  const runtime = new FakeRuntime({ clock, ...options.runtime });
  let files = new ManualSource('file');
  const make = () => {
    files = new ManualSource('file');
    const api = new ApiserverSource({ nodeName: NODE, client, clock });
    return new Kubelet({
      nodeName: NODE,
      ...(options.standalone ? {} : { client }),
      runtime,
      sources: options.standalone ? [files] : [api, files],
      clock,
      nodeIp: '10.240.0.2',
      capacity: { cpu: '2', memory: '4Gi', pods: '110' },
      containerRuntimeVersion: 'fake://0.1.0',
      ...options.kubelet,
    });
  };
  // Bounded rather than kubelet.idle(): a kill waiting out its grace period on the FakeClock never ends alone.
  const settle = async () => {
    for (let i = 0; i < 30; i++) await new Promise((r) => setImmediate(r));
  };
  const h: Harness = {
    clock,
    client,
    runtime,
    files,
    kubelet: make(),
    settle,
    async step(ms) {
      clock.step(ms);
      await settle();
    },
    async restart() {
      await h.kubelet.stop();
      h.kubelet = make();
      h.files = files;
      await h.kubelet.start();
      await settle();
      return h.kubelet;
    },
    pod: (name) => client.get<Pod>('pods', 'default', name),
  };
  h.files = files;
  await h.kubelet.start();
  await settle();
  return h;
}
