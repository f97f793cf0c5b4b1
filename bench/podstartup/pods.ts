// The measured path: pods created through the API with spec.nodeName set (no scheduler), Running observed on
// a watch held by the bench. Marks createSent / createAcked / runningSeen in the StageRecorder, by pod uid;
// the kubelet's stages fill in the rest. Pods are deleted between phases so each phase starts on an idle node.
import type { Pod } from '../../src/api/types';
import type { KubeClient, WatchHandle } from '../../src/client';
import { LABEL_MANAGED } from '../../src/kubelet/runtime';
import type Docker from 'dockerode';
import type { StageRecorder } from './stages';

export const NAMESPACE = 'podstartup';

export function podBody(name: string, nodeName: string): Pod {
  return {
    metadata: { name, labels: { bench: 'podstartup' } },
    spec: {
      nodeName,
      terminationGracePeriodSeconds: 0,
      containers: [
        { name: 'main', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] },
      ],
    },
  };
}

/** A watch on the namespace's pods that resolves waitRunning(name) once the pod's phase is Running. */
export class RunningWatch {
  private readonly seen = new Map<string, number>();
  private readonly waiters = new Map<string, () => void>();
  private handle: WatchHandle | undefined;
  private closed: unknown;

  constructor(
    private readonly client: KubeClient,
    private readonly stages: StageRecorder,
  ) {}

  async start(): Promise<void> {
    const list = await this.client.list<Pod>('pods', NAMESPACE);
    this.handle = this.client.watch<Pod>(
      'pods',
      NAMESPACE,
      { resourceVersion: list.metadata?.resourceVersion },
      (e) => {
        const pod = e.object;
        const name = pod.metadata?.name ?? '';
        if (e.type === 'DELETED' || pod.status?.phase !== 'Running' || this.seen.has(name)) return;
        const at = performance.now();
        this.seen.set(name, at);
        this.stages.mark(pod.metadata?.uid, 'runningSeen', at);
        this.waiters.get(name)?.();
      },
      (err) => (this.closed = err ?? new Error('the bench watch ended')),
    );
  }

  /** Resolves when `name` has been seen Running; rejects after timeoutMs or when the watch ended. */
  waitRunning(name: string, timeoutMs: number): Promise<void> {
    if (this.seen.has(name)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(name);
        reject(
          new Error(
            `pod ${name} not seen Running within ${timeoutMs} ms (watch: ${String(this.closed ?? 'open')})`,
          ),
        );
      }, timeoutMs);
      this.waiters.set(name, () => {
        clearTimeout(timer);
        this.waiters.delete(name);
        resolve();
      });
    });
  }

  stop(): void {
    this.handle?.stop();
  }
}

/** Creates one pod and waits for Running; returns its uid. */
async function startPod(
  client: KubeClient,
  watch: RunningWatch,
  stages: StageRecorder,
  name: string,
  nodeName: string,
  timeoutMs: number,
): Promise<string> {
  const sent = performance.now();
  const created = await client.create<Pod>('pods', NAMESPACE, podBody(name, nodeName));
  const uid = created.metadata!.uid!;
  stages.mark(uid, 'createSent', sent);
  stages.mark(uid, 'createAcked');
  await watch.waitRunning(name, timeoutMs);
  return uid;
}

export interface PodPhaseOptions {
  client: KubeClient;
  watch: RunningWatch;
  stages: StageRecorder;
  nodeName: string;
  prefix: string;
  count: number;
  timeoutMs: number;
}

/** One pod after another, each waited for: returns the uids. */
export async function sequentialPods(o: PodPhaseOptions): Promise<string[]> {
  const uids: string[] = [];
  for (let i = 0; i < o.count; i++)
    uids.push(await startPod(o.client, o.watch, o.stages, `${o.prefix}-${i}`, o.nodeName, o.timeoutMs));
  return uids;
}

/** Every create sent at once. */
export function burstPods(o: PodPhaseOptions): Promise<string[]> {
  return Promise.all(
    Array.from({ length: o.count }, (_, i) =>
      startPod(o.client, o.watch, o.stages, `${o.prefix}-${i}`, o.nodeName, o.timeoutMs),
    ),
  );
}

/** Deletes the namespace's pods and waits until the API and dockerd hold none of them. */
export async function deleteAllPods(client: KubeClient, docker: Docker, timeoutMs: number): Promise<void> {
  const pods = await client.list<Pod>('pods', NAMESPACE);
  await Promise.all(
    pods.items.map((p) =>
      client.delete('pods', NAMESPACE, p.metadata!.name!, { gracePeriodSeconds: 0 }).catch(() => undefined),
    ),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = (await client.list<Pod>('pods', NAMESPACE)).items.length;
    const containers = await docker.listContainers({
      all: true,
      filters: { label: [`${LABEL_MANAGED}=true`] },
    });
    if (left === 0 && containers.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`after ${timeoutMs} ms, ${left} pods and ${containers.length} containers are left`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
