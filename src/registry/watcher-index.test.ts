import { describe, expect, it } from 'vitest';
import { WatcherIndex } from './watcher-index';

const visited = (index: WatcherIndex<string>, namespace?: string) => {
  const seen: string[] = [];
  index.forEach(namespace, (w) => seen.push(w));
  return seen.sort();
};

describe('WatcherIndex', () => {
  it('offers an event to its namespace and to the all-namespaces watchers only', () => {
    const index = new WatcherIndex<string>();
    index.add('a1', 'a');
    index.add('a2', 'a');
    index.add('b1', 'b');
    index.add('all');
    expect(visited(index, 'a')).toEqual(['a1', 'a2', 'all']);
    expect(visited(index, 'c')).toEqual(['all']);
    expect(visited(index, undefined)).toEqual(['all']);
    index.delete('a1', 'a');
    index.delete('all');
    index.delete('b1', 'b');
    expect(visited(index, 'a')).toEqual(['a2']);
    expect(visited(index, 'b')).toEqual([]);
  });

  it('skips a watcher removed during the walk', () => {
    const index = new WatcherIndex<string>();
    for (const w of ['w1', 'w2', 'w3']) index.add(w, 'ns');
    const seen: string[] = [];
    index.forEach('ns', (w) => {
      seen.push(w);
      if (w === 'w1') index.delete('w2', 'ns');
    });
    expect(seen).toEqual(['w1', 'w3']);
  });
});
