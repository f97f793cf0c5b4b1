import { describe, expect, it } from 'vitest';
import type { ContainerLabels } from '../labels';
import { garbage, groupPods, latestByName, type Listed } from './pod-containers';

function c(
  id: string,
  name: string,
  restartCount: number,
  state: string,
  created: number,
  uid = 'u1',
): Listed {
  const labels: ContainerLabels = {
    podUid: uid,
    podName: `pod-${uid}`,
    podNamespace: 'default',
    containerName: name,
    sandbox: name === 'POD',
    hash: 'h',
    restartCount,
    ...(name === 'POD' ? { podIp: '10.244.0.5' } : {}),
  };
  return { id, labels, state, created };
}

const listed = [
  c('web2', 'web', 2, 'running', 30),
  c('sb1', 'POD', 1, 'running', 25),
  c('web0', 'web', 0, 'exited', 10),
  c('web1', 'web', 1, 'exited', 20),
  c('sb0', 'POD', 0, 'exited', 5),
  c('log0', 'log', 0, 'running', 12),
  c('other', 'web', 0, 'running', 1, 'u2'),
];

describe('pod containers from labels', () => {
  it('groups a node into pods with their sandbox, IP and containers', () => {
    const pods = groupPods(listed);
    expect(pods.map((p) => [p.uid, p.sandboxId, p.podIp, p.containers.length])).toEqual([
      ['u2', undefined, undefined, 1],
      ['u1', 'sb1', '10.244.0.5', 4],
    ]);
  });

  it('finds the latest attempt of each container', () => {
    const u1 = listed.filter((l) => l.labels.podUid === 'u1');
    expect([...latestByName(u1)].map(([name, l]) => `${name}=${l.id}`)).toEqual(['web=web2', 'log=log0']);
  });

  it('collects stopped attempts beyond the previous one, and old sandboxes', () => {
    const u1 = listed.filter((l) => l.labels.podUid === 'u1');
    expect(garbage(u1).map((l) => l.id)).toEqual(['web0', 'sb0']);
  });
});
