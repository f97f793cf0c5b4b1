import { describe, expect, it } from 'vitest';
import { threeWayPatch } from './three-way';

describe('threeWayPatch', () => {
  it('sets new and changed fields, nulls dropped ones, leaves the rest alone', () => {
    const last = { metadata: { labels: { a: '1', b: '2' } }, spec: { replicas: 1, paused: true } };
    const next = { metadata: { labels: { a: '1', c: '3' } }, spec: { replicas: 4 } };
    expect(threeWayPatch(last, next)).toEqual({
      metadata: { labels: { c: '3', b: null } },
      spec: { replicas: 4, paused: null },
    });
  });

  it('replaces lists whole and answers {} when nothing changed', () => {
    const c = { containers: [{ name: 'a', image: 'x:1' }] };
    expect(threeWayPatch(c, { containers: [{ name: 'a', image: 'x:2' }] })).toEqual({
      containers: [{ name: 'a', image: 'x:2' }],
    });
    expect(threeWayPatch(c, structuredClone(c))).toEqual({});
  });

  it('with no last applied configuration, sends the whole file', () => {
    expect(threeWayPatch(undefined, { spec: { replicas: 2 } })).toEqual({ spec: { replicas: 2 } });
  });
});
