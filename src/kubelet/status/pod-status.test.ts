import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Pod } from '../../api/types';
import { buildPodStatus, podPhase, statusFingerprint } from './pod-status';

const pod = (restartPolicy: string): Pod => ({
  metadata: { name: 'p', uid: 'u' },
  spec: { restartPolicy, containers: [{ name: 'a', image: 'busybox' }] },
});
const running: ContainerStatus = {
  name: 'a',
  image: '',
  imageID: '',
  ready: true,
  restartCount: 0,
  state: { running: {} },
};
const exited = (exitCode: number): ContainerStatus => ({ ...running, state: { terminated: { exitCode } } });
const crashLooping: ContainerStatus = {
  ...running,
  state: { waiting: { reason: 'CrashLoopBackOff' } },
  lastState: { terminated: { exitCode: 1 } },
};
const creating: ContainerStatus = { ...running, state: { waiting: { reason: 'ContainerCreating' } } };

describe('podPhase (Kubernetes getPhase)', () => {
  it.each([
    ['Always', 'running + exited 0', 'Running', [running, exited(0)]],
    ['Always', 'exited 0', 'Running', [exited(0)]],
    ['Always', 'crash-looping', 'Running', [crashLooping]],
    ['Always', 'creating + running', 'Pending', [creating, running]],
    ['Never', 'exited 0 + exited 0', 'Succeeded', [exited(0), exited(0)]],
    ['Never', 'exited 0 + exited 1', 'Failed', [exited(0), exited(1)]],
    ['OnFailure', 'exited 0', 'Succeeded', [exited(0)]],
    ['OnFailure', 'exited 1', 'Running', [exited(1)]],
    ['OnFailure', 'none reported', 'Pending', []],
  ] as const)('restartPolicy %s, %s → %s', (policy, _what, phase, statuses) => {
    expect(podPhase(pod(policy), statuses)).toBe(phase);
  });
});

describe('buildPodStatus', () => {
  const now = Date.UTC(2026, 0, 1, 0, 1);
  it('shows a container not yet created as ContainerCreating, the pod Pending and not Ready', () => {
    const s = buildPodStatus(pod('Always'), undefined, { hostIp: '10.0.0.2', now, ready: () => true });
    expect(s.phase).toBe('Pending');
    expect(s.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(s.conditions!.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [a]',
    });
  });

  it('keeps startTime and a transition time that did not change, so a resync does not rewrite the status', () => {
    const observed = {
      uid: 'u',
      name: 'p',
      namespace: 'default',
      podIp: '10.244.0.5',
      sandboxReady: true,
      containers: [
        {
          name: 'a',
          id: 'c1',
          image: 'busybox',
          imageId: 'x',
          hash: 'h',
          state: 'running' as const,
          restartCount: 0,
        },
      ],
    };
    const first = buildPodStatus(pod('Always'), observed, { hostIp: '10.0.0.2', now, ready: () => true });
    const later = buildPodStatus(pod('Always'), observed, {
      hostIp: '10.0.0.2',
      now: now + 60_000,
      ready: () => true,
      previous: first,
    });
    expect(later.startTime).toBe('2026-01-01T00:01:00Z');
    expect(statusFingerprint(later)).toBe(statusFingerprint(first));
    expect(later).toMatchObject({ podIP: '10.244.0.5', podIPs: [{ ip: '10.244.0.5' }], hostIP: '10.0.0.2' });
    expect(later.containerStatuses![0]!.containerID).toBe('docker://c1');
  });
});
