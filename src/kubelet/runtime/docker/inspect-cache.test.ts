import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { InspectCache } from './inspect-cache';

/** A Docker whose inspect answers the current state of each container and counts the calls. */
function fakeDocker(states: Map<string, string>) {
  const calls: string[] = [];
  const docker = {
    getContainer: (id: string) => ({
      inspect: async () => {
        calls.push(id);
        return { Id: id, State: { Status: states.get(id) } } as Docker.ContainerInspectInfo;
      },
    }),
  } as unknown as Docker;
  return { docker, calls };
}

describe('InspectCache', () => {
  it('asks Docker once while the listed state stays the same, and again when it changes', async () => {
    const states = new Map([['c1', 'running']]);
    const { docker, calls } = fakeDocker(states);
    const cache = new InspectCache(docker);
    await cache.inspect('c1', 'running');
    await cache.inspect('c1', 'running');
    expect(calls).toEqual(['c1']);
    states.set('c1', 'exited');
    expect((await cache.inspect('c1', 'exited')).State.Status).toBe('exited');
    expect(calls).toEqual(['c1', 'c1']);
  });

  it('does not trust an answer that disagrees with the listing it was asked for', async () => {
    // Listed as created, but started before the inspect: the next look (listed running) must not re-ask...
    const states = new Map([['c1', 'running']]);
    const { docker, calls } = fakeDocker(states);
    const cache = new InspectCache(docker);
    await cache.inspect('c1', 'created');
    await cache.inspect('c1', 'running');
    expect(calls).toEqual(['c1']);
    // ...while a listing that still says created does.
    await cache.inspect('c1', 'created');
    expect(calls).toEqual(['c1', 'c1']);
  });

  it('forgets removed containers and keeps only what a full listing shows', async () => {
    const states = new Map([
      ['a', 'running'],
      ['b', 'running'],
      ['c', 'running'],
    ]);
    const { docker, calls } = fakeDocker(states);
    const cache = new InspectCache(docker);
    for (const id of ['a', 'b', 'c']) await cache.inspect(id, 'running');
    cache.forget('a');
    cache.retain(['c']);
    for (const id of ['a', 'b', 'c']) await cache.inspect(id, 'running');
    expect(calls).toEqual(['a', 'b', 'c', 'a', 'b']);
  });
});
