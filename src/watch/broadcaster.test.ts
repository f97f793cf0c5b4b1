// Broadcaster behaviour a watch-cache user sees: ordered fan-out, slow subscribers dropped without
// holding back the rest, errors contained, re-entrant publish ordered, close draining queues.
import { describe, expect, it, vi } from 'vitest';
import { Broadcaster } from './index';

/** A promise the test resolves by hand, standing in for a socket that drains when the test says so. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets promise continuations run (no timers involved). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('Broadcaster', () => {
  it('delivers every event to every subscriber in publish order, synchronously for sync handlers', () => {
    const b = new Broadcaster<number>();
    const a: number[] = [];
    const c: number[] = [];
    b.subscribe((e) => void a.push(e));
    b.subscribe((e) => void c.push(e));
    for (let i = 0; i < 500; i++) b.publish(i);
    expect(a).toEqual([...Array(500).keys()]);
    expect(c).toEqual(a);
    expect(b.size()).toBe(2);
  });

  it('only delivers events published after subscribing, and nothing after unsubscribe', () => {
    const b = new Broadcaster<string>();
    b.publish('before');
    const got: string[] = [];
    const unsubscribe = b.subscribe((e) => void got.push(e));
    b.publish('during');
    unsubscribe();
    unsubscribe();
    b.publish('after');
    expect(got).toEqual(['during']);
    expect(b.size()).toBe(0);
  });

  it('queues events for an async subscriber and delivers them in order once it catches up', async () => {
    const b = new Broadcaster<number>({ maxQueue: 10 });
    const got: number[] = [];
    let gate = deferred();
    b.subscribe((e) => {
      got.push(e);
      return gate.promise;
    });
    b.publish(1);
    b.publish(2);
    b.publish(3);
    expect(got).toEqual([1]);
    const first = gate;
    gate = deferred();
    first.resolve();
    await settle();
    expect(got).toEqual([1, 2]);
    gate.resolve();
    await settle();
    expect(got).toEqual([1, 2, 3]);
  });

  it('drops a subscriber that falls more than maxQueue behind, without holding back the others', async () => {
    const b = new Broadcaster<number>({ maxQueue: 3 });
    const onDropped = vi.fn();
    const stuck = deferred();
    const slow: number[] = [];
    const fast: number[] = [];
    b.subscribe(
      (e) => {
        slow.push(e);
        return stuck.promise;
      },
      { onDropped },
    );
    b.subscribe((e) => void fast.push(e));
    for (let i = 0; i < 4; i++) b.publish(i); // 0 in flight, 1..3 queued: full but not over
    expect(onDropped).not.toHaveBeenCalled();
    b.publish(4); // the fourth waiting event is one too many
    expect(onDropped).toHaveBeenCalledExactlyOnceWith('slow', undefined);
    expect(b.size()).toBe(1);
    for (let i = 5; i < 10; i++) b.publish(i);
    expect(fast).toEqual([...Array(10).keys()]);
    stuck.resolve();
    await settle();
    expect(slow).toEqual([0]); // its queue was discarded with it
  });

  it('drops a subscriber whose handler throws or rejects, and the publisher never sees the error', async () => {
    const b = new Broadcaster<number>();
    const boom = new Error('boom');
    const onSyncDrop = vi.fn();
    const onAsyncDrop = vi.fn();
    const healthy: number[] = [];
    b.subscribe(
      () => {
        throw boom;
      },
      { onDropped: onSyncDrop },
    );
    b.subscribe(() => Promise.reject(boom), { onDropped: onAsyncDrop });
    b.subscribe((e) => void healthy.push(e));
    expect(b.publish(1)).toBe(true);
    expect(onSyncDrop).toHaveBeenCalledExactlyOnceWith('error', boom);
    await settle();
    expect(onAsyncDrop).toHaveBeenCalledExactlyOnceWith('error', boom);
    b.publish(2);
    expect(healthy).toEqual([1, 2]);
    expect(b.size()).toBe(1);
  });

  it('delivers an event published from a handler after the current event reached everyone', () => {
    const b = new Broadcaster<string>();
    const first: string[] = [];
    const second: string[] = [];
    b.subscribe((e) => {
      first.push(e);
      if (e === 'a') b.publish('b');
    });
    b.subscribe((e) => void second.push(e));
    b.publish('a');
    expect(first).toEqual(['a', 'b']);
    expect(second).toEqual(['a', 'b']);
  });

  it('close() lets queued events drain, then calls onClosed; later publishes are refused', async () => {
    const b = new Broadcaster<number>();
    const gate = deferred();
    const got: number[] = [];
    const events: string[] = [];
    b.subscribe(
      (e) => {
        got.push(e);
        return e === 1 ? gate.promise : undefined;
      },
      { onClosed: () => events.push('async closed') },
    );
    b.subscribe(() => {}, { onClosed: () => events.push('sync closed') });
    b.publish(1);
    b.publish(2);
    b.close();
    b.close();
    expect(events).toEqual(['sync closed']);
    expect(b.publish(3)).toBe(false);
    gate.resolve();
    await settle();
    expect(got).toEqual([1, 2]);
    expect(events).toEqual(['sync closed', 'async closed']);
    expect(b.size()).toBe(0);
    expect(b.isClosed()).toBe(true);
  });

  it('a subscriber added after close() is closed at once', () => {
    const b = new Broadcaster<number>();
    b.close();
    const onClosed = vi.fn();
    b.subscribe(() => {}, { onClosed });
    expect(onClosed).toHaveBeenCalledOnce();
    expect(b.size()).toBe(0);
  });

  it('close() from inside a handler still delivers what was published before it', () => {
    const b = new Broadcaster<string>();
    const got: string[] = [];
    b.subscribe((e) => {
      if (e === 'a') {
        b.publish('b');
        b.close();
      }
    });
    b.subscribe((e) => void got.push(e), { onClosed: () => got.push('closed') });
    b.publish('a');
    expect(got).toEqual(['a', 'b', 'closed']);
  });

  it('refuses a maxQueue below one', () => {
    expect(() => new Broadcaster({ maxQueue: 0 })).toThrow(RangeError);
  });
});
