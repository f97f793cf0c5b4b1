import { describe, expect, it } from 'vitest';
import { errors } from '../../api/errors';
import type { Pod } from '../../api/types';
import { PodConfigMux, type PodConfigDiff } from './mux';
import { ManualSource } from './testing';

function pod(name: string, uid: string, image = 'busybox'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid },
    spec: { containers: [{ name: 'main', image }] },
  };
}

function setUp(...names: string[]) {
  const diffs: PodConfigDiff[] = [];
  const mux = new PodConfigMux((d) => diffs.push(d));
  const sources = names.map((n) => new ManualSource(n));
  sources.forEach((s) => mux.addSource(s));
  const last = () => diffs.at(-1)!;
  const summary = (d: PodConfigDiff) => ({
    added: d.added.map((p) => p.metadata!.uid),
    updated: d.updated.map((p) => p.metadata!.uid),
    removed: d.removed.map((p) => p.metadata!.uid),
    all: d.all.map((p) => p.metadata!.uid),
  });
  return { mux, diffs, sources, last, summary };
}

describe('PodConfigMux', () => {
  it('reports pods added, updated and removed, and stays quiet when a source restates its set', () => {
    const { diffs, sources, last, summary } = setUp('file');
    const [file] = sources;
    file!.push([pod('a', 'u1'), pod('b', 'u2')]);
    expect(summary(last())).toEqual({ added: ['u1', 'u2'], updated: [], removed: [], all: ['u1', 'u2'] });
    file!.push([pod('a', 'u1'), pod('b', 'u2')]);
    expect(diffs).toHaveLength(1);
    file!.push([pod('a', 'u1', 'busybox:2'), pod('b', 'u2')]);
    expect(summary(last())).toMatchObject({ added: [], updated: ['u1'], removed: [] });
    expect(last().updated[0]!.spec!.containers[0]!.image).toBe('busybox:2');
    file!.push([pod('b', 'u2')]);
    expect(summary(last())).toEqual({ added: [], updated: [], removed: ['u1'], all: ['u2'] });
  });

  it('sees a changed static pod (new UID, same name) as one removed and one added', () => {
    const { sources, last, summary } = setUp('file');
    sources[0]!.push([pod('a', 'old')]);
    sources[0]!.push([pod('a', 'new')]);
    expect(summary(last())).toEqual({ added: ['new'], updated: [], removed: ['old'], all: ['new'] });
  });

  it('merges sources without one source’s update touching another’s pods', () => {
    const { mux, sources, last, summary } = setUp('file', 'http');
    const [file, http] = sources;
    http!.push([pod('h', 'h1')]);
    file!.push([pod('f', 'f1')]);
    expect(summary(last()).all).toEqual(['f1', 'h1']); // source order
    http!.push([]);
    expect(summary(last())).toEqual({ added: [], updated: [], removed: ['h1'], all: ['f1'] });
    expect(mux.pods().map((p) => p.metadata!.name)).toEqual(['f']);
  });

  it('lets the holder of a name keep it and reports the duplicate once', () => {
    const { diffs, sources, last, summary } = setUp('file', 'http');
    const [file, http] = sources;
    http!.push([pod('web', 'h1')]);
    file!.push([pod('web', 'f1')]); // file was added first, but http already holds the name
    expect(summary(last()).all).toEqual(['h1']);
    expect(last().errors).toHaveLength(1);
    expect(last().errors[0]).toMatchObject({ source: 'file', origin: 'default/web' });
    expect(last().errors[0]!.error.message).toBe(
      'duplicate pod name "default/web": it is already used by source "http"; ignoring this one from source "file"',
    );
    const count = diffs.length;
    file!.push([pod('web', 'f1')]);
    expect(diffs).toHaveLength(count); // nothing new to say

    http!.push([]); // the holder lets go: the other source's pod takes the name
    expect(summary(last())).toEqual({ added: ['f1'], updated: [], removed: ['h1'], all: ['f1'] });
    expect(last().errors).toEqual([]);
  });

  it('passes a released name to the source added first among those that want it', () => {
    const { mux, sources } = setUp('file', 'http', 'etcd');
    const [file, http, etcd] = sources;
    etcd!.push([pod('web', 'e1')]);
    http!.push([pod('web', 'h1')]);
    file!.push([pod('web', 'f1')]);
    expect(mux.pods().map((p) => p.metadata!.uid)).toEqual(['e1']);
    etcd!.push([]);
    expect(mux.pods().map((p) => p.metadata!.uid)).toEqual(['f1']);
  });

  it('keeps the first of two pods with one name within a source', () => {
    const { sources, last, summary } = setUp('etcd');
    sources[0]!.push([pod('web', 'e1'), pod('web', 'e2')]);
    expect(summary(last()).all).toEqual(['e1']);
    expect(last().errors[0]!.error.message).toContain('already used by an earlier pod of source "etcd"');
  });

  it('reports a source’s errors when they appear, not at every poll, and again if they return', () => {
    const { diffs, sources, last } = setUp('file');
    const bad = {
      source: 'file',
      origin: '/m/bad.yaml',
      error: errors.badRequest('/m/bad.yaml: document 1: oops'),
    };
    sources[0]!.push([], { errors: [bad] });
    expect(last().errors).toEqual([bad]);
    sources[0]!.push([], { errors: [bad] });
    expect(diffs).toHaveLength(1);
    sources[0]!.push([]);
    sources[0]!.push([], { errors: [bad] });
    expect(diffs).toHaveLength(2);
  });

  it('is ready once every source has delivered a complete update, including ones pushed through apply', () => {
    const { mux, sources } = setUp('file', 'http');
    const [file, http] = sources;
    mux.expect('api');
    file!.push([]);
    http!.push([], { incomplete: true });
    mux.apply({ source: 'api', pods: [], errors: [] });
    expect(mux.sourcesReady()).toBe(false);
    http!.push([]);
    expect(mux.sourcesReady()).toBe(true);
  });

  it('hands out frozen copies, unaffected by what the source does with its objects later', () => {
    const { mux, sources } = setUp('server');
    const mine = pod('web', 'u1');
    sources[0]!.push([mine]);
    mine.metadata!.name = 'renamed';
    const held = mux.pods()[0]!;
    expect(held.metadata!.name).toBe('web');
    expect(() => {
      held.metadata!.name = 'x';
    }).toThrow(TypeError);
  });

  it('stops every source it started', async () => {
    const { mux, sources } = setUp('file', 'http');
    await mux.stop();
    expect(sources.map((s) => s.stopped)).toEqual([true, true]);
  });
});
