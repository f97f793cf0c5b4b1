import { describe, expect, it } from 'vitest';
import type { Pod, ReplicationController } from '../../api/types';
import {
  DeletedFinalStateUnknown,
  Indexer,
  NAMESPACE_INDEX,
  WorkQueue,
  namespaceIndexFunc,
} from '../../client';
import { FakeClock } from '../../util';
import { makePod, makeRC, rcRef } from '../testing/fixtures';
import { podEventHandler, rcEventHandler } from './event-handlers';
import { Expectations } from './expectations';

function setup() {
  const clock = new FakeClock();
  const rcs = new Indexer<ReplicationController>({ [NAMESPACE_INDEX]: namespaceIndexFunc });
  const web = makeRC('web');
  rcs.upsert(web);
  rcs.upsert(makeRC('all-web', { selector: { app: 'web' }, uid: 'uid-all' }));
  rcs.upsert(makeRC('db'));
  const queue = new WorkQueue<string>({ clock });
  const expectations = new Expectations(clock);
  const deps = { rcs, queue, expectations };
  return { web, queue, expectations, pods: podEventHandler(deps), rcHandler: rcEventHandler(deps) };
}

const drain = async (q: WorkQueue<string>) => {
  const keys: string[] = [];
  while (q.len()) {
    const k = (await q.get())!;
    keys.push(k);
    q.done(k);
  }
  return keys.sort();
};

describe('replication event handlers', () => {
  it('a new pod of an RC counts as an expected creation and wakes that RC only', async () => {
    const { web, queue, expectations, pods } = setup();
    expectations.expectCreations('default/web', 1);
    pods.onAdd!(makePod('web-1', { labels: { app: 'web' }, owners: [rcRef(web)] }));
    expect(expectations.satisfied('default/web')).toBe(true);
    expect(await drain(queue)).toEqual(['default/web']);
  });

  it('an orphan wakes every RC whose selector matches it', async () => {
    const { queue, pods } = setup();
    pods.onAdd!(makePod('stray', { labels: { app: 'web' } }));
    expect(await drain(queue)).toEqual(['default/all-web', 'default/web']);
  });

  it('a reference to an RC with another uid (re-created under the same name) is ignored', async () => {
    const { queue, pods } = setup();
    pods.onAdd!(
      makePod('old', { labels: { app: 'web' }, owners: [{ ...rcRef(makeRC('web')), uid: 'stale' }] }),
    );
    expect(await drain(queue)).toEqual([]);
  });

  it('deletionTimestamp, then the delete itself (even as a tombstone), count as one expected deletion', async () => {
    const { web, queue, expectations, pods } = setup();
    const pod = makePod('web-1', { labels: { app: 'web' }, owners: [rcRef(web)] });
    const other = makePod('web-2', { labels: { app: 'web' }, owners: [rcRef(web)] });
    expectations.expectDeletions('default/web', ['default/web-1', 'default/web-2']);
    const deleting: Pod = {
      ...pod,
      metadata: { ...pod.metadata, deletionTimestamp: 'x', resourceVersion: '2' },
    };
    pods.onUpdate!({ ...pod, metadata: { ...pod.metadata, resourceVersion: '1' } }, deleting);
    pods.onDelete!(deleting);
    expect(expectations.pending('default/web')).toEqual({ adds: 0, deletes: ['default/web-2'] });
    pods.onDelete!(new DeletedFinalStateUnknown('default/web-2', other));
    expect(expectations.satisfied('default/web')).toBe(true);
    expect(await drain(queue)).toEqual(['default/web']);
  });

  it('a deleted RC forgets its expectations', async () => {
    const { web, queue, expectations, rcHandler } = setup();
    expectations.expectCreations('default/web', 3);
    rcHandler.onDelete!(web);
    expect(expectations.pending('default/web')).toBeUndefined();
    expect(await drain(queue)).toEqual(['default/web']);
  });
});
