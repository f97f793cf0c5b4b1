import { describe, expect, it } from 'vitest';
import { WatcherIndex } from './watcher-index';

const visited = (index: WatcherIndex<string>, namespace?: string, values: (string | undefined)[] = []) => {
  const seen: string[] = [];
  index.forEach(namespace, values, (w) => seen.push(w));
  return seen.sort();
};

describe('WatcherIndex', () => {
  it('offers an event to its namespace and to the all-namespaces watchers only', () => {
    const index = new WatcherIndex<string>();
    index.add('a1', { namespace: 'a' });
    index.add('a2', { namespace: 'a' });
    index.add('b1', { namespace: 'b' });
    index.add('all');
    expect(visited(index, 'a')).toEqual(['a1', 'a2', 'all']);
    expect(visited(index, 'c')).toEqual(['all']);
    expect(visited(index, undefined)).toEqual(['all']);
    index.delete('a1', { namespace: 'a' });
    index.delete('all');
    index.delete('b1', { namespace: 'b' });
    expect(visited(index, 'a')).toEqual(['a2']);
    expect(visited(index, 'b')).toEqual([]);
  });

  it('skips a watcher removed during the walk', () => {
    const index = new WatcherIndex<string>();
    for (const w of ['w1', 'w2', 'w3']) index.add(w, { namespace: 'ns' });
    const seen: string[] = [];
    index.forEach('ns', [], (w) => {
      seen.push(w);
      if (w === 'w1') index.delete('w2', { namespace: 'ns' });
    });
    expect(seen).toEqual(['w1', 'w3']);
  });

  it('offers an event to the watchers of its old and new field value, once each', () => {
    const index = new WatcherIndex<string>();
    index.add('node-a', { namespace: 'ns', fieldValue: 'a' });
    index.add('node-b', { fieldValue: 'b' });
    index.add('unassigned', { fieldValue: '' });
    index.add('in-ns', { namespace: 'ns' });
    // Bound from nowhere to a: the unassigned watcher sees it leave, a's sees it arrive, b's nothing.
    expect(visited(index, 'ns', ['a', ''])).toEqual(['in-ns', 'node-a', 'unassigned']);
    expect(visited(index, 'other', ['b', 'b'])).toEqual(['node-b']);
    expect(visited(index, 'ns', [])).toEqual(['in-ns']);
    index.delete('node-a', { namespace: 'ns', fieldValue: 'a' });
    expect(visited(index, 'ns', ['a'])).toEqual(['in-ns']);
  });
});
