import { describe, expect, it, vi } from 'vitest';
import { errors } from '../api/errors';
import type { Event, KubeObject, Node, Pod, Service } from '../api/types';
import { CONFIG_HASH_ANNOTATION, CONFIG_MIRROR_ANNOTATION } from './config';
import { NODE, apiPod, startHarness, staticPod, type Harness } from './kubelet-testing';

const UID = '11111111-1111-4111-8111-111111111111';

const statusWrites = (h: Harness, resource = 'pods') =>
  h.client.actions.filter(
    (a) => a.resource === resource && a.subresource === 'status' && a.verb === 'update',
  );

async function events(h: Harness, kind?: string): Promise<Event[]> {
  const all = (await h.client.list<Event>('events', 'default')).items;
  return all.filter((e) => !kind || e.involvedObject.kind === kind);
}

const reasons = async (h: Harness, kind?: string) => (await events(h, kind)).map((e) => e.reason);

describe('Kubelet with the apiserver source', () => {
  it('runs a pod bound to its node and writes its status once', async () => {
    const h = await startHarness({ objects: [['pods', apiPod('web', UID)]] });
    const status = (await h.pod('web')).status!;
    expect(status).toMatchObject({
      phase: 'Running',
      hostIP: '10.240.0.2',
      podIP: expect.stringMatching(/^10\.244\./),
      startTime: '2026-01-01T00:00:00Z',
      containerStatuses: [
        {
          name: 'main',
          image: 'busybox',
          imageID: 'fake://busybox',
          containerID: `fake://${UID}/main/0`,
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: '2026-01-01T00:00:00Z' } },
        },
      ],
    });
    expect(Object.fromEntries(status.conditions!.map((c) => [c.type, c.status]))).toEqual({
      Initialized: 'True',
      Ready: 'True',
      ContainersReady: 'True',
      PodScheduled: 'True',
    });
    expect(await reasons(h, 'Pod')).toEqual(['Pulled', 'Created', 'Started']);
    const e = (await events(h, 'Pod'))[2]!;
    expect(e).toMatchObject({
      involvedObject: { kind: 'Pod', name: 'web', uid: UID, fieldPath: 'spec.containers{main}' },
      source: { component: 'kubelet', host: NODE },
      message: 'Started container main',
      count: 1,
    });

    // resyncs of an unchanged pod write nothing
    const writes = statusWrites(h).length;
    await h.step(2000);
    await h.step(2000);
    expect(statusWrites(h)).toHaveLength(writes);
    expect(h.runtime.kills).toEqual([]);
  });

  it('passes the service variables of existing services to a starting pod', async () => {
    const redis: Service = {
      metadata: { name: 'redis-master', namespace: 'default' },
      spec: { clusterIP: '10.96.0.11', ports: [{ port: 6379, protocol: 'TCP' }] },
    };
    const h = await startHarness({ objects: [['services', redis as Pod]] });
    const sync = vi.spyOn(h.runtime, 'syncPod');
    await h.client.create('pods', 'default', apiPod('web', UID));
    await h.settle();
    const env = sync.mock.calls[0]![1]!.extraEnv!;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'REDIS_MASTER_SERVICE_HOST', value: '10.96.0.11' },
        { name: 'REDIS_MASTER_SERVICE_PORT', value: '6379' },
        { name: 'REDIS_MASTER_PORT', value: 'tcp://10.96.0.11:6379' },
      ]),
    );
  });

  it('stops a deleted pod with its grace period, then deletes it from the API', async () => {
    const h = await startHarness({
      objects: [['pods', apiPod('web', UID)]],
      runtime: { stopDelayMs: 60_000 },
    });
    const pod = await h.pod('web');
    const marked = { deletionTimestamp: '2026-01-01T00:00:05Z', deletionGracePeriodSeconds: 5 };
    h.client.tracker.update('pods', 'default', {
      ...pod,
      metadata: { ...pod.metadata, ...marked },
    } as KubeObject);
    await h.settle();
    expect(h.runtime.kills).toEqual([]); // SIGTERM sent, grace period running
    await h.step(5000);
    expect(h.runtime.kills).toEqual([{ podUid: UID, gracePeriodSeconds: 5, forced: true }]);
    const del = h.client.writes().find((a) => a.verb === 'delete' && a.resource === 'pods');
    expect(del).toMatchObject({
      name: 'web',
      object: { gracePeriodSeconds: 0, preconditions: { uid: UID } },
    });
    await expect(h.pod('web')).rejects.toMatchObject({ code: 404 });
    expect(await reasons(h)).toContain('Killing');
    expect(await h.runtime.getPodStatus(UID)).toBeUndefined();
  });

  it('backs off restarts 10s, 20s, 40s with CrashLoopBackOff in the status', async () => {
    const h = await startHarness({ objects: [['pods', apiPod('web', UID)]] });
    const main = async () => (await h.pod('web')).status!.containerStatuses![0]!;
    const crash = () => h.runtime.exitContainer(UID, 'main', 1);

    crash(); // first crash: restarted at the next sync
    await h.step(2000);
    expect(await main()).toMatchObject({ restartCount: 1, state: { running: {} } });
    expect((await main()).lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });

    for (const [delay, restarts] of [
      [10, 2],
      [20, 3],
      [40, 4],
    ] as const) {
      crash();
      await h.step(2000);
      const held = await main();
      expect(held).toMatchObject({
        restartCount: restarts - 1,
        ready: false,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off ${delay}s restarting failed container=main pod=web_default(${UID})`,
          },
        },
        lastState: { terminated: { exitCode: 1 } },
      });
      expect((await h.pod('web')).status!.phase).toBe('Running');
      await h.step(delay * 1000 - 3000);
      expect((await main()).restartCount).toBe(restarts - 1); // still backing off
      await h.step(1000);
      expect(await main()).toMatchObject({ restartCount: restarts, state: { running: {} } });
    }
    expect(await reasons(h)).toContain('BackOff');
  });

  it('honours restartPolicy Never (Failed) and OnFailure (Succeeded)', async () => {
    const never = apiPod('never', UID, { restartPolicy: 'Never' });
    const onFailure = apiPod('once', '22222222-2222-4222-8222-222222222222', { restartPolicy: 'OnFailure' });
    const h = await startHarness({
      objects: [
        ['pods', never],
        ['pods', onFailure],
      ],
    });
    h.runtime.exitContainer(UID, 'main', 2);
    h.runtime.exitContainer(onFailure.metadata!.uid!, 'main', 0);
    await h.step(2000);
    const failed = (await h.pod('never')).status!;
    expect(failed.phase).toBe('Failed');
    expect(failed.containerStatuses![0]).toMatchObject({
      restartCount: 0,
      state: { terminated: { exitCode: 2, reason: 'Error' } },
    });
    expect(failed.conditions!.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'PodCompleted',
    });
    expect((await h.pod('once')).status!.phase).toBe('Succeeded');
    await h.step(30_000);
    expect((await h.pod('never')).status!.containerStatuses![0]!.restartCount).toBe(0);
  });

  it('adopts running containers when restarted: no kills, same ids, restart counts kept', async () => {
    const h = await startHarness({ objects: [['pods', apiPod('web', UID)]] });
    h.files.push([staticPod('static')]);
    h.runtime.exitContainer(UID, 'main', 1);
    await h.step(2000);
    const before = await h.runtime.listPods();
    expect(before.find((p) => p.uid === UID)!.containers[0]!.restartCount).toBe(1);

    await h.restart();
    h.files.push([staticPod('static')]);
    await h.step(2000);
    await h.step(2000);
    expect(h.runtime.kills).toEqual([]);
    expect(await h.runtime.listPods()).toEqual(before);
    expect((await h.pod('web')).status!.containerStatuses![0]!.restartCount).toBe(1);
  });

  it('kills pods that run but no source wants, once every source has reported', async () => {
    const h = await startHarness();
    const orphan = apiPod('gone', UID);
    await h.runtime.syncPod(orphan);
    await h.step(2000);
    expect(h.runtime.kills).toEqual([]); // the file source has not reported yet
    h.files.push([]);
    await h.step(2000);
    expect(h.runtime.kills).toEqual([{ podUid: UID, gracePeriodSeconds: 2, forced: false }]);
  });
});

describe('Kubelet node registration and heartbeat', () => {
  it('registers its node and heartbeats Ready, NotReady while the runtime is down', async () => {
    let down = false;
    const h = await startHarness({
      kubelet: {
        podCidr: '10.244.3.0/24',
        kubeletPort: 10250,
        healthCheck: () =>
          down ? Promise.reject(new Error('dial unix docker.sock: connect refused')) : Promise.resolve(),
      },
    });
    const node = await h.client.get<Node>('nodes', undefined, NODE);
    expect(node.spec).toEqual({ podCIDR: '10.244.3.0/24', podCIDRs: ['10.244.3.0/24'] });
    expect(node.status).toMatchObject({
      capacity: { cpu: '2', memory: '4Gi', pods: '110' },
      allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
      addresses: [
        { type: 'InternalIP', address: '10.240.0.2' },
        { type: 'Hostname', address: NODE },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: { kubeletVersion: 'v1.32.0-k8ts', containerRuntimeVersion: 'fake://0.1.0' },
    });
    const ready = async () =>
      (await h.client.get<Node>('nodes', undefined, NODE)).status!.conditions!.find(
        (c) => c.type === 'Ready',
      )!;
    expect(await ready()).toMatchObject({ status: 'True', reason: 'KubeletReady' });

    await h.step(10_000);
    expect(await ready()).toMatchObject({
      status: 'True',
      lastHeartbeatTime: '2026-01-01T00:00:10Z',
      lastTransitionTime: '2026-01-01T00:00:00Z',
    });
    expect(statusWrites(h, 'nodes')).toHaveLength(1);

    down = true;
    await h.step(10_000);
    expect(await ready()).toMatchObject({
      status: 'False',
      reason: 'KubeletNotReady',
      message: 'container runtime is down: dial unix docker.sock: connect refused',
      lastTransitionTime: '2026-01-01T00:00:20Z',
    });
    expect(await reasons(h)).toEqual(['NodeReady', 'NodeNotReady']);
  });
});

describe('Kubelet with static pods', () => {
  it('shows a static pod as a mirror pod, with its status, and deletes the mirror when it goes', async () => {
    const h = await startHarness();
    const pod = staticPod('web');
    h.files.push([pod]);
    await h.settle();
    await h.step(2000);
    const mirror = await h.pod(`web-${NODE}`);
    expect(mirror.metadata!.uid).not.toBe(pod.metadata!.uid);
    expect(mirror.metadata!.annotations).toMatchObject({
      [CONFIG_MIRROR_ANNOTATION]: pod.metadata!.annotations![CONFIG_HASH_ANNOTATION],
      'kubernetes.io/config.source': 'file',
    });
    expect(mirror.spec!.nodeName).toBe(NODE);
    expect(mirror.status).toMatchObject({ phase: 'Running', containerStatuses: [{ ready: true }] });
    expect(await h.runtime.listPods()).toHaveLength(1); // the mirror is not run a second time

    // a user deleting the mirror gets it back
    await h.client.delete('pods', 'default', `web-${NODE}`);
    await h.step(2000);
    expect((await h.pod(`web-${NODE}`)).metadata!.uid).not.toBe(mirror.metadata!.uid);

    h.files.push([]);
    await h.settle();
    expect(h.runtime.kills.map((k) => k.podUid)).toEqual([pod.metadata!.uid]);
    await expect(h.pod(`web-${NODE}`)).rejects.toMatchObject({ code: 404 });
  });

  it('reports an invalid manifest as an event and keeps the other pods', async () => {
    const h = await startHarness();
    const error = errors.badRequest('/etc/k8ts/manifests/bad.yaml: document 1: containers: Required value');
    h.files.push([staticPod('good')], {
      errors: [{ source: 'file', origin: '/etc/k8ts/manifests/bad.yaml', error }],
    });
    await h.settle();
    const bad = (await events(h)).find((e) => e.reason === 'FailedValidation')!;
    expect(bad).toMatchObject({
      type: 'Warning',
      involvedObject: { kind: 'Node', name: NODE },
      message: error.message,
    });
    expect(await h.runtime.listPods()).toHaveLength(1);
  });

  it('runs static pods without any apiserver (standalone)', async () => {
    const h = await startHarness({ standalone: true });
    h.files.push([staticPod('web')]);
    await h.settle();
    const [running] = await h.runtime.listPods();
    expect(running).toMatchObject({ name: `web-${NODE}`, containers: [{ state: 'running' }] });
    expect(h.client.actions).toEqual([]);
  });
});
