import { describe, expect, it } from 'vitest';
import { isStorageError, type StoreEvent } from '../store';
import { runStoreConformance } from '../conformance';
import { MemoryStore } from './memory-store';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('MemoryStore', () => {
  it('guards updates and deletes with the expected revision', async () => {
    const s = new MemoryStore();
    const a = await s.create('/a', '1');
    await expect(s.create('/a', '2')).rejects.toSatisfy((e) => isStorageError(e, 'KeyExists'));
    const b = await s.update('/a', '2', a.modRevision);
    expect(b).toMatchObject({ value: '2', createRevision: a.modRevision, modRevision: a.modRevision + 1 });
    const conflict = await s.update('/a', '3', a.modRevision).catch((e) => e);
    expect(isStorageError(conflict, 'Conflict') && conflict.current?.value).toBe('2');
    await expect(s.delete('/a', a.modRevision)).rejects.toSatisfy((e) => isStorageError(e, 'Conflict'));
    const d = await s.delete('/a', b.modRevision);
    expect(d.modRevision).toBe(b.modRevision + 1);
    await expect(s.delete('/a')).rejects.toSatisfy((e) => isStorageError(e, 'NotFound'));
  });

  it('lists a prefix sorted, now or at an older revision, until compacted', async () => {
    const s = new MemoryStore();
    await s.create('/p/b', 'b');
    const a = await s.create('/p/a', 'a');
    await s.create('/q/x', 'x');
    await s.delete('/p/b');
    expect((await s.list('/p/')).items.map((kv) => kv.key)).toEqual(['/p/a']);
    const old = await s.list('/p/', { revision: a.modRevision });
    expect(old).toMatchObject({ revision: a.modRevision, items: [{ key: '/p/a' }, { key: '/p/b' }] });
    await s.compact(a.modRevision + 1);
    await expect(s.list('/p/', { revision: a.modRevision })).rejects.toSatisfy((e) =>
      isStorageError(e, 'TooOld'),
    );
  });

  it('watches from an old revision in order, then live, and reports TooOld after compaction', async () => {
    const s = new MemoryStore();
    const first = await s.create('/k/1', 'a');
    await s.update('/k/1', 'b', first.modRevision);
    const seen: StoreEvent[] = [];
    const w = s.watch(
      '/k/',
      first.modRevision,
      (e) => seen.push(e),
      () => {},
    );
    await s.create('/other', 'x');
    await s.delete('/k/1');
    await flush();
    expect(seen.map((e) => [e.type, e.value, e.prevValue])).toEqual([
      ['update', 'b', 'a'],
      ['delete', 'b', 'b'],
    ]);
    w.stop();
    await s.create('/k/2', 'c');
    await flush();
    expect(seen).toHaveLength(2);
    await s.compact(await s.currentRevision());
    const errors: string[] = [];
    s.watch(
      '/k/',
      first.modRevision,
      () => {},
      (e) => errors.push(e.code),
    );
    await flush();
    expect(errors).toEqual(['TooOld']);
  });

  it('fails every call after close', async () => {
    const s = new MemoryStore();
    await s.close();
    await expect(s.get('/a')).rejects.toSatisfy((e) => isStorageError(e, 'Closed'));
  });
});

runStoreConformance('memory', async () => {
  const h = {
    store: new MemoryStore() as MemoryStore,
    async reopen() {
      await h.store.close();
      h.store = h.store.reopen();
      return h.store;
    },
    async cleanup() {
      await h.store.close();
    },
  };
  return h;
});
