import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { planPod, type ObservedContainer } from './plan';
import { hashContainer } from './spec-hash';

const web = { name: 'web', image: 'busybox', command: ['httpd', '-f'] };
const side = { name: 'side', image: 'busybox' };
const pod = (restartPolicy?: string): Pod => ({
  metadata: { name: 'p', namespace: 'default', uid: 'u1' },
  spec: { containers: [web, side], restartPolicy },
});
const up = { id: 'sb', running: true };
const obs = (name: string, o: Partial<ObservedContainer>): ObservedContainer => ({
  id: `id-${name}`,
  name,
  hash: hashContainer(name === 'web' ? web : side),
  state: 'running',
  restartCount: 0,
  ...o,
});
const starts = (a: ReturnType<typeof planPod>) => a.start.map((s) => `${s.container.name}#${s.restartCount}`);
const kills = (a: ReturnType<typeof planPod>) => a.kill.map((k) => `${k.name}: ${k.reason}`);

describe('planPod', () => {
  it('creates the sandbox and every container for a new pod', () => {
    const a = planPod(pod(), { containers: [] });
    expect(a.createSandbox).toBe(true);
    expect(starts(a)).toEqual(['web#0', 'side#0']);
    expect(a.kill).toEqual([]);
  });

  it('does nothing when everything runs with the same spec', () => {
    const a = planPod(pod(), { sandbox: up, containers: [obs('web', {}), obs('side', {})] });
    expect(a).toEqual({ createSandbox: false, kill: [], start: [] });
  });

  it('recreates a running container whose spec changed', () => {
    const a = planPod(pod(), {
      sandbox: up,
      containers: [obs('web', { hash: 'old', restartCount: 2 }), obs('side', {})],
    });
    expect(kills(a)).toEqual(['web: container spec changed']);
    expect(starts(a)).toEqual(['web#3']);
  });

  it.each([
    ['Always', 0, ['web#1']],
    ['Always', 1, ['web#1']],
    ['OnFailure', 0, []],
    ['OnFailure', 137, ['web#1']],
    ['Never', 1, []],
  ])('restartPolicy %s, exit code %d: restarts %j', (policy, exitCode, expected) => {
    const a = planPod(pod(policy), {
      sandbox: up,
      containers: [obs('web', { state: 'exited', exitCode }), obs('side', {})],
    });
    expect(starts(a)).toEqual(expected);
    expect(a.createSandbox).toBe(false);
  });

  it('leaves a held container (back-off) exited', () => {
    const a = planPod(
      pod(),
      { sandbox: up, containers: [obs('web', { state: 'exited', exitCode: 1 }), obs('side', {})] },
      new Set(['web']),
    );
    expect(a.start).toEqual([]);
  });

  it('replaces a container that was created but never started, without counting a restart', () => {
    const a = planPod(pod(), {
      sandbox: up,
      containers: [obs('web', { state: 'waiting', restartCount: 4 }), obs('side', {})],
    });
    expect(kills(a)).toEqual(['web: never started']);
    expect(starts(a)).toEqual(['web#4']);
  });

  it('kills containers that are no longer in the spec', () => {
    const a = planPod(pod(), {
      sandbox: up,
      containers: [obs('web', {}), obs('side', {}), obs('old', { hash: 'x' })],
    });
    expect(kills(a)).toEqual(['old: not in the pod spec']);
  });

  it('when the sandbox died, kills everything and starts again in a new sandbox', () => {
    const a = planPod(pod(), {
      sandbox: { id: 'sb', running: false },
      containers: [obs('web', {}), obs('side', { state: 'exited', exitCode: 0 })],
    });
    expect(a.createSandbox).toBe(true);
    expect(kills(a)).toEqual(['web: pod sandbox changed']);
    expect(starts(a)).toEqual(['web#1', 'side#1']);
  });

  it('does not bring back a finished restartPolicy Never pod whose sandbox is gone', () => {
    const a = planPod(pod('Never'), {
      sandbox: { id: 'sb', running: false },
      containers: [
        obs('web', { state: 'exited', exitCode: 0 }),
        obs('side', { state: 'exited', exitCode: 1 }),
      ],
    });
    expect(a).toEqual({ createSandbox: false, kill: [], start: [] });
  });
});
