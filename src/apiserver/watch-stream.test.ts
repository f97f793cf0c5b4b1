import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, flush, newHarness, type Harness } from '../registry/registry-testing';
import { componentLogger } from '../util';
import type { IncludeObject } from './negotiate';
import { serveWatch } from './watch-stream';

/** Just enough of a response to stream into: keeps every chunk written. */
class FakeResponse extends EventEmitter {
  chunks: Buffer[] = [];
  writableLength = 0;
  destroyed = false;
  writeHead() {}
  flushHeaders() {}
  write(chunk: Buffer | string) {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return true;
  }
  end() {}
  events(): { type: string; object: Record<string, unknown> }[] {
    return this.chunks.map((c) => JSON.parse(c.toString()));
  }
}

let h: Harness;
const ctx = { namespace: 'default' };
beforeEach(async () => {
  h = await newHarness();
});
afterEach(() => h.registry.close());

/** A watch of pods from now on, or (existing) starting with an ADDED for every existing pod. */
async function watch(table?: IncludeObject, existing = false): Promise<FakeResponse> {
  const res = new FakeResponse();
  await serveWatch(new EventEmitter() as IncomingMessage, res as unknown as ServerResponse, {
    storage: h.r('pods'),
    ctx,
    options: existing ? {} : { resourceVersion: await currentRv() },
    table: table ? { includeObject: table } : undefined,
    clock: h.clock,
    log: componentLogger('test'),
    track: () => () => {},
  });
  return res;
}

const currentRv = async () => (await h.r('pods').list(ctx, {})).metadata!.resourceVersion!;

describe('serveWatch', () => {
  it('sends every watcher the same encoded line for an event', async () => {
    const [a, b] = [await watch(), await watch()];
    await h.r('pods').create(ctx, fixture('pods', 'one'));
    await flush();
    expect(a.events().map((e) => [e.type, (e.object.metadata as { name: string }).name])).toEqual([
      ['ADDED', 'one'],
    ]);
    expect(a.chunks[0]!.toString()).toBe(b.chunks[0]!.toString());
    expect(a.chunks[0]).toBe(b.chunks[0]); // encoded once, shared
  });

  it('gives each Table watcher column definitions on its own first event only', async () => {
    const early = await watch('None');
    await h.r('pods').create(ctx, fixture('pods', 'one'));
    await flush();
    const late = await watch('None');
    await h.r('pods').delete(ctx, 'one', { gracePeriodSeconds: 0 });
    await h.r('pods').create(ctx, fixture('pods', 'two'));
    await flush();
    const columns = (r: FakeResponse) =>
      r
        .events()
        .map((e) => Array.isArray(e.object.columnDefinitions) && e.object.columnDefinitions.length > 0);
    expect(columns(early)).toEqual([true, false, false]);
    expect(columns(late)).toEqual([true, false]);
    expect(late.events().map((e) => e.type)).toEqual(['DELETED', 'ADDED']);
    expect(late.events()[1]!.object.kind).toBe('Table');
  });

  it('writes Table ages as of the second each event is sent', async () => {
    const a = await watch('None');
    await h.r('pods').create(ctx, fixture('pods', 'one'));
    await flush();
    h.clock.step(5_000);
    const b = await watch('None', true); // the same stored object, sent 5 s later
    const age = (r: FakeResponse) => {
      const [event] = r.events();
      const columns = event!.object.columnDefinitions as { name: string }[];
      const rows = event!.object.rows as { cells: unknown[] }[];
      return rows[0]!.cells[columns.findIndex((c) => c.name === 'Age')];
    };
    expect([age(a), age(b)]).toEqual(['0s', '5s']);
  });
});
