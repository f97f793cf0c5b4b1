// FakeWatcher as a test drives it: buffered events before start, ordered delivery, stop and end.
import { describe, expect, it, vi } from 'vitest';
import { FakeWatcher, type WatchEvent } from './index';

describe('FakeWatcher', () => {
  it('delivers pushed events of every type in order', () => {
    const w = new FakeWatcher<string>();
    const got: WatchEvent<string>[] = [];
    w.start((e) => got.push(e));
    w.add('a');
    w.modify('a2');
    w.bookmark('rv');
    w.delete('a2');
    w.error('gone');
    expect(got).toEqual([
      { type: 'ADDED', object: 'a' },
      { type: 'MODIFIED', object: 'a2' },
      { type: 'BOOKMARK', object: 'rv' },
      { type: 'DELETED', object: 'a2' },
      { type: 'ERROR', object: 'gone' },
    ]);
  });

  it('buffers events pushed before start, and an end, and replays them on start', () => {
    const w = new FakeWatcher<number>();
    w.add(1);
    w.add(2);
    const boom = new Error('connection reset');
    w.end(boom);
    const onEvent = vi.fn();
    const onDone = vi.fn();
    w.start({ onEvent, onDone });
    expect(onEvent.mock.calls).toEqual([[{ type: 'ADDED', object: 1 }], [{ type: 'ADDED', object: 2 }]]);
    expect(onDone).toHaveBeenCalledExactlyOnceWith(boom);
  });

  it('delivers nothing after the consumer stops it', () => {
    const w = new FakeWatcher<number>();
    const onEvent = vi.fn();
    const onDone = vi.fn();
    const watch = w.start({ onEvent, onDone });
    watch.stop();
    expect(w.isStopped()).toBe(true);
    expect(w.add(1)).toBe(false);
    w.end();
    expect(onEvent).not.toHaveBeenCalled();
    expect(onDone).not.toHaveBeenCalled();
  });

  it('calls onDone once when the producer ends the stream, and refuses pushes after', () => {
    const w = new FakeWatcher<number>();
    const onDone = vi.fn();
    w.start({ onEvent: () => {}, onDone });
    w.end();
    w.end();
    expect(onDone).toHaveBeenCalledExactlyOnceWith(undefined);
    expect(() => w.add(1)).toThrow('FakeWatcher: ADDED pushed after end()');
  });

  it('allows only one consumer', () => {
    const w = new FakeWatcher<number>();
    w.start(() => {});
    expect(() => w.start(() => {})).toThrow('start() called twice');
  });
});
