// The seed's canary, end to end through the pure cores: a service over `tier in (frontend), stack in
// (prod)` and two replication controllers, `frontend` (9 replicas, canary=no) and `frontend-canary`
// (1 replica, canary=yes). The service covers all ten pods; each RC manages only its own.
import { describe, expect, it } from 'vitest';
import type { Pod, ReplicationController } from '../api/types';
import { parseSelector } from '../labels';
import { endpointsFor } from './endpoints';
import { podFromTemplate, podsToManage, replicaDiff } from './replication';
import { deepFreeze } from './testing/freeze';
import { makeRC, makeService } from './testing/fixtures';

const frontend = makeRC('frontend', {
  replicas: 9,
  selector: { tier: 'frontend', stack: 'prod', canary: 'no' },
});
const canary = makeRC('frontend-canary', {
  replicas: 1,
  selector: { tier: 'frontend', stack: 'prod', canary: 'yes' },
});
const service = makeService('frontend', { tier: 'frontend', stack: 'prod' }, [
  { name: 'http', port: 80, targetPort: 'http' },
]);

/** What the apiserver, scheduler and kubelet would do to a created pod: name it, bind it, run it. */
function run(rc: ReplicationController, count: number, firstIp: number): Pod[] {
  return Array.from({ length: count }, (_, i) => {
    const tpl = podFromTemplate(rc);
    const name = `${tpl.metadata!.generateName}${i}`;
    return {
      ...tpl,
      metadata: { ...tpl.metadata, name, uid: `uid-${name}` },
      spec: { ...tpl.spec!, nodeName: `node-${i % 3}` },
      status: {
        phase: 'Running',
        podIP: `10.244.${i % 3}.${firstIp + i}`,
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    };
  });
}

describe('the seed canary', () => {
  const created = deepFreeze([
    ...run(frontend, replicaDiff(frontend, []).create, 10),
    ...run(canary, replicaDiff(canary, []).create, 100),
  ]);

  it('the service selector is the seed label query', () => {
    const seedQuery = parseSelector('tier in (frontend), stack in (prod)');
    for (const pod of created) expect(seedQuery.matches(pod.metadata!.labels)).toBe(true);
  });

  it('each RC created its own replicas from its template', () => {
    expect(created.filter((p) => p.metadata!.labels!.canary === 'no')).toHaveLength(9);
    expect(created.filter((p) => p.metadata!.labels!.canary === 'yes')).toHaveLength(1);
  });

  it('the endpoints list all ten pod IPs', () => {
    const subsets = endpointsFor(service, created)!;
    const ips = subsets.flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
    expect(ips.sort()).toEqual(created.map((p) => p.status!.podIP!).sort());
    expect(ips).toHaveLength(10);
    expect(subsets.flatMap((s) => s.ports ?? [])).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
  });

  it('each RC manages only its own pods, and both are satisfied', () => {
    const mine = podsToManage(frontend, created);
    const theirs = podsToManage(canary, created);
    expect(
      mine.active
        .map((p) => p.metadata!.name)
        .every((n) => n!.startsWith('frontend-') && !n!.startsWith('frontend-canary')),
    ).toBe(true);
    expect(mine.active).toHaveLength(9);
    expect(theirs.active.map((p) => p.metadata!.name)).toEqual(['frontend-canary-0']);
    expect([mine.adopt, mine.release, theirs.adopt, theirs.release].flat()).toEqual([]);
    expect(replicaDiff(frontend, mine.active)).toEqual({ create: 0, delete: [] });
    expect(replicaDiff(canary, theirs.active)).toEqual({ create: 0, delete: [] });
  });

  it('scaling the canary up touches neither the other RC nor the service selector', () => {
    const scaled = deepFreeze({ ...canary, spec: { ...canary.spec, replicas: 3 } });
    expect(replicaDiff(scaled, podsToManage(scaled, created).active).create).toBe(2);
    expect(replicaDiff(frontend, podsToManage(frontend, created).active).create).toBe(0);
  });
});
