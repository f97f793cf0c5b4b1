// The kubelet's restart and probe behaviour for real: our own dockerd, an in-process apiserver on sqlite, and a
// Kubelet with the Docker runtime and a ProbeManager on a test bridge (k8tskb0, 10.253.17.0/24). Seen through
// the API: a container that exits at once goes into CrashLoopBackOff with growing gaps between restarts; a
// failing liveness probe gets its container killed and restarted; a readiness probe flips the pod's Ready
// condition. The back-off starts at 1 s (not 10 s) to keep this short. Root only; everything is removed in
// afterAll, even after a failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container, Event, Pod } from '../../src/api/types';
import { KubeClient } from '../../src/client';
import { ProbeManager, runtimeProbeDeps } from '../../src/kubelet/probes';
import { realClock } from '../../src/util';
import { canRunDocker, startKubeletNode, stopKubeletNode, until, type KubeletNode } from './support';

const NODE = 'behaviour-node';
const CIDR = '10.253.17.0/24';

let node: KubeletNode | undefined;
let client: KubeClient | undefined;
let probes: ProbeManager | undefined;

const getPod = (name: string) => client!.get<Pod>('pods', 'default', name);

function create(name: string, container: Omit<Container, 'name' | 'image'>): Promise<Pod> {
  return client!.create<Pod>('pods', 'default', {
    metadata: { name },
    spec: {
      nodeName: NODE,
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'main', image: 'busybox', ...container }],
    },
  });
}

const readyCondition = async (name: string) =>
  (await getPod(name)).status?.conditions?.find((c) => c.type === 'Ready')?.status;

describe.skipIf(!canRunDocker)('kubelet restarts and probes (needs root, dockerd and busybox-static)', () => {
  beforeAll(async () => {
    node = await startKubeletNode({
      prefix: 'k8ts-kb-',
      bridge: 'k8tskb0',
      cidr: CIDR,
      vethPrefix: 'vk8tskb',
      nodeName: NODE,
      nodeIp: '10.253.17.1',
      kubelet: (runtime, docker) => {
        probes = new ProbeManager({ clock: realClock, runner: runtimeProbeDeps(runtime) });
        return {
          backoffBaseMs: 1000,
          probes,
          healthCheck: async () => void (await docker.docker.ping()),
        };
      },
    });
    client = node.client;
  }, 60_000);

  afterAll(async () => {
    try {
      probes?.stop();
    } finally {
      await stopKubeletNode(node);
    }
  }, 60_000);

  it('shows a container that exits at once as CrashLoopBackOff, restarting it with growing gaps', async () => {
    await create('crash', { command: ['sh', '-c', 'exit 1'] });
    const seen = new Map<number, number>(); // restartCount → when it was first seen
    let backOff: { reason?: string; message?: string } | undefined;
    await until(
      'restartCount 4',
      async () => {
        const c = (await getPod('crash')).status?.containerStatuses?.[0];
        if (!c) return undefined;
        if (!seen.has(c.restartCount)) seen.set(c.restartCount, Date.now());
        if (c.state?.waiting?.reason === 'CrashLoopBackOff') backOff = c.state.waiting;
        return c.restartCount >= 4 ? c : undefined;
      },
      20_000,
    );
    expect(backOff?.message).toMatch(/^back-off \ds restarting failed container=main pod=crash_default\(/);
    expect((await getPod('crash')).status!.containerStatuses![0]!.lastState?.terminated).toMatchObject({
      exitCode: 1,
      reason: 'Error',
    });
    // 1 s, 2 s, 4 s of back-off: the gap before the 4th restart is clearly longer than before the 2nd
    const gap = (n: number) => seen.get(n)! - seen.get(n - 1)!;
    expect(gap(4)).toBeGreaterThan(gap(2) + 1000);
    await client!.delete('pods', 'default', 'crash', { gracePeriodSeconds: 0 });
  }, 30_000);

  it('kills and restarts a container whose liveness probe fails', async () => {
    await create('live', {
      command: ['sh', '-c', 'touch /tmp/healthy; sleep 2; rm /tmp/healthy; exec sleep 3600'],
      livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2 },
    });
    const restarted = await until(
      'restartCount 1',
      async () => {
        const c = (await getPod('live')).status?.containerStatuses?.[0];
        return c && c.restartCount >= 1 && c.state?.running ? c : undefined;
      },
      20_000,
    );
    // sleep as PID 1 ignores SIGTERM: killed at the end of the 1 s grace period
    expect(restarted.lastState?.terminated).toMatchObject({
      exitCode: 137,
      message: 'Container main failed liveness probe, will be restarted',
    });
    const events = (await client!.list<Event>('events', 'default')).items.filter(
      (e) => e.involvedObject.name === 'live',
    );
    expect(events.map((e) => e.reason)).toEqual(expect.arrayContaining(['Unhealthy', 'Killing']));
    expect(events.find((e) => e.reason === 'Killing')?.message).toBe(
      'Container main failed liveness probe, will be restarted',
    );
    expect(events.find((e) => e.reason === 'Unhealthy')?.message).toMatch(/^Liveness probe failed: /);
    await client!.delete('pods', 'default', 'live', { gracePeriodSeconds: 0 });
  }, 30_000);

  it('flips the pod Ready condition True, then False, with the readiness probe', async () => {
    await create('ready', {
      command: ['sh', '-c', 'sleep 1; touch /tmp/ready; sleep 3; rm /tmp/ready; exec sleep 3600'],
      readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1, failureThreshold: 1 },
    });
    await until('Ready True', async () => ((await readyCondition('ready')) === 'True' ? true : undefined));
    await until('Ready False', async () => ((await readyCondition('ready')) === 'False' ? true : undefined));
    const pod = await getPod('ready');
    expect(pod.status!.phase).toBe('Running');
    expect(pod.status!.containerStatuses![0]).toMatchObject({ ready: false, restartCount: 0 });
    await client!.delete('pods', 'default', 'ready', { gracePeriodSeconds: 0 });
  }, 30_000);
});
