import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../util';
import { ExponentialRateLimiter } from './rate-limiter';
import { keyLogFields, runWorkers } from './run-workers';
import { WorkQueue } from './work-queue';

const flush = () => new Promise((r) => setImmediate(r));

describe('runWorkers', () => {
  it('retries a failing key with back-off, forgets it on success, and ends on shutDown', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const q = new WorkQueue<string>({ clock, rateLimiter: new ExponentialRateLimiter(100, 1000) });
    const calls: [string, number][] = [];
    let failuresLeft = 2;
    const running = runWorkers(q, 2, async (key) => {
      calls.push([key, clock.now() - start]);
      if (key === 'bad' && failuresLeft-- > 0) throw new Error('apiserver said no');
    });
    q.add('bad');
    q.add('good');
    await flush();
    expect(q.numRequeues('bad')).toBe(1);
    expect(q.numRequeues('good')).toBe(0);
    clock.step(100);
    await flush();
    expect(q.numRequeues('bad')).toBe(2);
    clock.step(200);
    await flush();
    expect(q.numRequeues('bad')).toBe(0); // success forgets the back-off
    q.shutDown();
    await running;
    expect(calls).toEqual([
      ['bad', 0],
      ['good', 0],
      ['bad', 100],
      ['bad', 300],
    ]);
  });
});

describe('keyLogFields', () => {
  it.each([
    ['default/web', { namespace: 'default', name: 'web' }],
    ['node-1', { name: 'node-1' }],
    ['pods|default/web', { resource: 'pods', namespace: 'default', name: 'web' }],
    ['nodes|node-1', { resource: 'nodes', name: 'node-1' }],
  ])('logs key %j as %j', (key, fields) => expect(keyLogFields(key)).toEqual(fields));
});
