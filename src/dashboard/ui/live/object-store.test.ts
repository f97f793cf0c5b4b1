import { describe, expect, it } from 'vitest';
import { ObjectStore } from './object-store';

const pod = (name: string, rv = '1') => ({ metadata: { name, namespace: 'default', resourceVersion: rv } });

function manualStore() {
  const flushes: (() => void)[] = [];
  const store = new ObjectStore((f) => flushes.push(f));
  let heard = 0;
  store.subscribe(() => heard++);
  const flush = () => flushes.splice(0).forEach((f) => f());
  return { store, flush, heard: () => heard };
}

describe('ObjectStore', () => {
  it('applies a burst of events at once but notifies once per flush', () => {
    const { store, flush, heard } = manualStore();
    store.reset([pod('a')]);
    for (let i = 0; i < 1000; i++) store.event('ADDED', pod(`p${i}`));
    store.event('MODIFIED', pod('a', '2'));
    store.event('DELETED', pod('p0'));
    expect(store.list()).toHaveLength(1000);
    expect(heard()).toBe(0);
    flush();
    expect(heard()).toBe(1);
    expect(store.get('default/a')!.metadata?.resourceVersion).toBe('2');
    expect(store.get('default/p0')).toBeUndefined();
  });
  it('replaces everything on reset (a relist drops what was deleted meanwhile)', () => {
    const { store } = manualStore();
    store.reset([pod('a'), pod('b')]);
    store.reset([pod('b')]);
    expect(store.list().map((p) => p.metadata!.name)).toEqual(['b']);
  });
  it('keeps the feed state for the page', () => {
    const { store, flush, heard } = manualStore();
    store.state('reconnecting', 'connection refused');
    flush();
    expect(store.status).toEqual({ state: 'reconnecting', error: 'connection refused' });
    expect(heard()).toBe(1);
  });
});
