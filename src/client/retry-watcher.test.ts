import { describe, expect, it } from 'vitest';
import { StatusError, errors } from '../api/errors';
import { FakeClock } from '../util';
import type { ClientInterface, WatchCloseHandler, WatchEvent, WatchOptions } from './interface';
import { RetryWatcher } from './retry-watcher';

/** A watch source the test drives by hand: each open() is one recorded watch call. */
function scriptedWatches() {
  const opened: {
    options: WatchOptions;
    emit: (e: WatchEvent) => void;
    close: WatchCloseHandler;
    stopped: boolean;
  }[] = [];
  const client: Pick<ClientInterface, 'watch'> = {
    watch: (_resource, _ns, options, onEvent, onClose) => {
      const w = {
        options,
        emit: onEvent as unknown as (e: WatchEvent) => void,
        close: onClose,
        stopped: false,
      };
      opened.push(w);
      return { stop: () => (w.stopped = true) };
    },
  };
  return { client, opened, last: () => opened[opened.length - 1]! };
}

const ev = (type: WatchEvent['type'], name: string, rv: string): WatchEvent => ({
  type,
  object: { metadata: { name, resourceVersion: rv } },
});

describe('RetryWatcher', () => {
  it('resumes from the last delivered resourceVersion after a clean close, without duplicates', () => {
    const clock = new FakeClock();
    const w = scriptedWatches();
    const seen: string[] = [];
    new RetryWatcher(
      w.client,
      'pods',
      'default',
      { resourceVersion: '10' },
      (e) => seen.push(e.object.metadata!.name!),
      () => {
        throw new Error('not fatal');
      },
      { clock },
    );
    w.last().emit(ev('ADDED', 'a', '11'));
    w.last().emit(ev('BOOKMARK', '', '15'));
    w.last().close(undefined);
    expect(w.opened.map((o) => o.options.resourceVersion)).toEqual(['10', '15']);
    expect(w.opened[1]!.options.allowWatchBookmarks).toBe(true);
    w.last().emit(ev('MODIFIED', 'a', '16'));
    expect(seen).toEqual(['a', 'a']); // the bookmark moved the resourceVersion but is not an event for the caller
  });

  it('backs off exponentially while the server is unreachable, and resets after events', () => {
    const clock = new FakeClock();
    const w = scriptedWatches();
    new RetryWatcher(
      w.client,
      'pods',
      undefined,
      { resourceVersion: '5' },
      () => undefined,
      () => undefined,
      {
        clock,
        backoffBaseMs: 100,
        backoffMaxMs: 300,
      },
    );
    const refused = () => w.last().close(errors.unavailable('connection refused'));
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = w.opened.length;
      refused();
      let waited = 0;
      while (w.opened.length === before) {
        clock.step(10);
        waited += 10;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([100, 200, 300, 300]);
    w.last().emit(ev('ADDED', 'a', '6'));
    refused();
    clock.step(99);
    expect(w.opened).toHaveLength(5);
    clock.step(1);
    expect(w.opened).toHaveLength(6);
    expect(w.last().options.resourceVersion).toBe('6');
  });

  it('reports 410 to the caller once and stops retrying', () => {
    const clock = new FakeClock();
    const w = scriptedWatches();
    const fatal: StatusError[] = [];
    new RetryWatcher(
      w.client,
      'pods',
      undefined,
      { resourceVersion: '5' },
      () => undefined,
      (e) => fatal.push(e),
      {
        clock,
      },
    );
    w.last().close(errors.gone('too old resource version: 5 (9)'));
    clock.step(60_000);
    expect(fatal.map((e) => e.code)).toEqual([410]);
    expect(w.opened).toHaveLength(1);
  });

  it('stop() cancels a pending retry', () => {
    const clock = new FakeClock();
    const w = scriptedWatches();
    const r = new RetryWatcher(
      w.client,
      'pods',
      undefined,
      { resourceVersion: '5' },
      () => undefined,
      () => undefined,
      {
        clock,
      },
    );
    w.last().close(errors.internal('boom'));
    r.stop();
    clock.step(60_000);
    expect(w.opened).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('refuses to start without a real resourceVersion', () => {
    const w = scriptedWatches();
    expect(
      () =>
        new RetryWatcher(
          w.client,
          'pods',
          undefined,
          { resourceVersion: '' },
          () => undefined,
          () => undefined,
        ),
    ).toThrow(/needs the resourceVersion of a list/);
  });
});
