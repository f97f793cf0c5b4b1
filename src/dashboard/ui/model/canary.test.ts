import type { Pod, ReplicationController, Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { ownerOf, serviceCoverage } from './canary';

const pod = (name: string, labels: Record<string, string>, owner?: string, ns = 'default'): Pod => ({
  metadata: {
    name,
    namespace: ns,
    labels,
    ownerReferences: owner
      ? [
          {
            apiVersion: 'v1',
            kind: 'ReplicationController',
            name: owner,
            uid: `uid-${owner}`,
            controller: true,
          },
        ]
      : undefined,
  },
});
const rc = (name: string, selector: Record<string, string>, ns = 'default'): ReplicationController => ({
  metadata: { name, namespace: ns },
  spec: { selector },
});
const svc = (name: string, selector?: Record<string, string>, ns = 'default'): Service => ({
  metadata: { name, namespace: ns },
  spec: { selector },
});

// The seed's canary: one service over app=web, two RCs that differ in the track label.
const rcs = [
  rc('web-stable', { app: 'web', track: 'stable' }),
  rc('web-canary', { app: 'web', track: 'canary' }),
];
const pods = [
  pod('s-2', { app: 'web', track: 'stable' }, 'web-stable'),
  pod('s-1', { app: 'web', track: 'stable' }, 'web-stable'),
  pod('c-1', { app: 'web', track: 'canary' }, 'web-canary'),
  pod('old', { app: 'web', track: 'canary' }),
  pod('stray', { app: 'web' }),
  pod('other', { app: 'db' }, 'db'),
  pod('elsewhere', { app: 'web', track: 'stable' }, 'web-stable', 'prod'),
];

describe('serviceCoverage', () => {
  it('groups the pods a service covers by the RC that owns them', () => {
    const [web] = serviceCoverage([svc('web', { app: 'web' })], pods, rcs);
    expect(web!.total).toBe(5);
    expect(web!.groups.map((g) => [g.rc, g.bySelector, g.pods.map((p) => p.metadata!.name)])).toEqual([
      ['web-canary', false, ['c-1', 'old']],
      ['web-stable', false, ['s-1', 's-2']],
      [undefined, false, ['stray']],
    ]);
  });
  it('stays within the service namespace', () => {
    const [prod] = serviceCoverage([svc('web', { app: 'web' }, 'prod')], pods, rcs);
    expect(prod!.groups.flatMap((g) => g.pods.map((p) => p.metadata!.name))).toEqual(['elsewhere']);
  });
  it('covers nothing for a service without a selector', () => {
    expect(serviceCoverage([svc('manual')], pods, rcs)[0]!.total).toBe(0);
  });
});

describe('ownerOf', () => {
  it('prefers the controller ownerReference', () => {
    expect(ownerOf(pods[0]!, rcs)).toEqual({ rc: 'web-stable', bySelector: false });
  });
  it('falls back to a selector match and says so', () => {
    expect(ownerOf(pods[3]!, rcs)).toEqual({ rc: 'web-canary', bySelector: true });
    expect(ownerOf(pods[4]!, rcs)).toBeUndefined();
  });
});
