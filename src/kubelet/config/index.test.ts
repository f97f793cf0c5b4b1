// The sources and the mux together, as the kubelet wires them: what the kubelet's listener sees.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../util';
import { FileSource, KubeletHttpSource, PodConfigMux, type PodConfigDiff } from './index';
import type { PodSource } from './types';
import { manifestYaml, podYaml, UpdateRecorder } from './testing';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Resolves with the next diff the listener receives. */
function diffs() {
  const seen: PodConfigDiff[] = [];
  let wake: (() => void) | undefined;
  const listener = (d: PodConfigDiff) => (seen.push(d), wake?.());
  const next = async () => {
    while (seen.length === 0) await new Promise<void>((r) => (wake = r));
    return seen.shift()!;
  };
  return { listener, next, pending: () => seen.length };
}

/** The source, with a recorder that sees each update right after the mux has taken it. */
function observed(inner: PodSource): { source: PodSource; rec: UpdateRecorder } {
  const rec = new UpdateRecorder();
  const source: PodSource = {
    name: inner.name,
    start: (emit) => inner.start((u) => (emit(u), rec.emit(u))),
    stop: () => inner.stop(),
  };
  return { source, rec };
}

describe('the kubelet’s static sources through the mux', () => {
  it('runs file and posted pods side by side, and reports what it cannot run once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-config-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'web.yaml'), manifestYaml('web'));
    const clock = new FakeClock();
    const d = diffs();
    const mux = new PodConfigMux(d.listener);
    cleanups.push(() => mux.stop());
    const server = new KubeletHttpSource({ nodeName: 'node-1' });
    const file = observed(new FileSource({ path: dir, nodeName: 'node-1', clock }));
    mux.addSource(file.source);
    mux.addSource(server);
    const http = createServer((req, res) => void (server.handle(req, res) || res.writeHead(404).end()));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => http.close(() => r())));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/pods`;

    expect((await d.next()).added.map((p) => p.metadata!.name)).toEqual(['web-node-1']);
    expect(mux.sourcesReady()).toBe(true);

    await fetch(url, { method: 'POST', body: podYaml('cache') });
    expect((await d.next()).all.map((p) => p.metadata!.name)).toEqual(['web-node-1', 'cache-node-1']);

    // The same name from a second source: the file's pod keeps it, the posted one is reported.
    expect((await fetch(url, { method: 'POST', body: podYaml('web') })).status).toBe(201);
    const dup = await d.next();
    expect(dup).toMatchObject({ added: [], removed: [] });
    expect(dup.errors.map((e) => e.error.message)).toEqual([
      'duplicate pod name "default/web-node-1": it is already used by source "file"; ignoring this one from source "server"',
    ]);

    // A broken file: its pod keeps running; the error arrives once, not at every poll.
    writeFileSync(path.join(dir, 'web.yaml'), 'version: v1beta1\nid: web\ncontainers: oops\n');
    clock.step(20_000);
    const broken = await d.next();
    expect(broken).toMatchObject({ added: [], removed: [], updated: [] });
    expect(broken.errors[0]!.origin).toBe(path.join(dir, 'web.yaml'));
    await file.rec.until((u) => u.errors.length > 0);
    clock.step(20_000);
    await file.rec.next(); // the next poll restates the error: the listener hears nothing new
    expect(d.pending()).toBe(0);
    expect(mux.pods().map((p) => p.metadata!.name)).toEqual(['web-node-1', 'cache-node-1']);
  });
});
