import { describe, expect, it } from 'vitest';
import type { ReplicationController, Service } from '../api/types';
import { Indexer, NAMESPACE_INDEX, metaNamespaceKey } from '../client';
import { OwnerSelectors } from './owner-selectors';
import { makePod } from './test-fixtures';

function indexer<T extends Service | ReplicationController>(objs: T[]): Indexer<T> {
  const ix = new Indexer<T>({ [NAMESPACE_INDEX]: (o) => [o.metadata?.namespace ?? ''] }, metaNamespaceKey);
  for (const o of objs) ix.upsert(o);
  return ix;
}

const svc = (name: string, selector?: Record<string, string>, namespace = 'default'): Service => ({
  metadata: { name, namespace },
  spec: { selector },
});
const rc = (name: string, selector: Record<string, string>): ReplicationController => ({
  metadata: { name, namespace: 'default' },
  spec: { selector },
});

describe('OwnerSelectors', () => {
  it('answers the selectors of the services and controllers in the namespace that select the pod', () => {
    const services = indexer([
      svc('web', { app: 'web' }),
      svc('all-tiers', { tier: 'front' }),
      svc('manual'), // no selector: selects nothing
      svc('web', { app: 'web' }, 'other'),
    ]);
    const owners = new OwnerSelectors(services, indexer([rc('web-rc', { app: 'web', v: '1' })]));
    const pod = makePod('w1', { labels: { app: 'web', v: '1' } });
    expect(owners.selectorsFor(pod).map(String)).toEqual(['app=web', 'app=web,v=1']);
    expect(owners.selectorsFor(makePod('x', { labels: { app: 'db' } }))).toEqual([]);
    expect(owners.selectorsFor(makePod('y'))).toEqual([]);
  });

  it('shares one array between pods with the same owners, until services or controllers change', () => {
    const services = indexer([svc('web', { app: 'web' })]);
    const owners = new OwnerSelectors(services, indexer<ReplicationController>([]));
    const a = owners.selectorsFor(makePod('a', { labels: { app: 'web', shard: '1' } }));
    const b = owners.selectorsFor(makePod('b', { labels: { app: 'web', shard: '2' } }));
    expect(b).toBe(a);
    services.upsert(svc('shard-1', { shard: '1' }));
    expect(owners.selectorsFor(makePod('a', { labels: { app: 'web', shard: '1' } }))).toBe(a); // memoised
    owners.invalidate();
    expect(owners.selectorsFor(makePod('a', { labels: { app: 'web', shard: '1' } })).map(String)).toEqual([
      'app=web',
      'shard=1',
    ]);
  });
});
