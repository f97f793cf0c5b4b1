import { mkdtempSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../util';
import { FileSource } from './file';
import { CONFIG_SOURCE_ANNOTATION } from './static-pod';
import { manifestYaml, namesOf, podYaml, UpdateRecorder } from './testing';

let dir: string;
let clock: FakeClock;
let source: FileSource | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'k8ts-file-source-'));
  clock = new FakeClock();
});
afterEach(async () => {
  await source?.stop();
  source = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function startSource(p: string): UpdateRecorder {
  const rec = new UpdateRecorder();
  source = new FileSource({ path: p, nodeName: 'node-1', intervalMs: 20_000, clock });
  source.start(rec.emit);
  return rec;
}

const write = (name: string, text: string) => writeFileSync(path.join(dir, name), text);

describe('FileSource', () => {
  it('reads a single file in the seed format as a static pod of this node', async () => {
    const file = path.join(dir, 'web.yaml');
    writeFileSync(file, manifestYaml('web'));
    const u = await startSource(file).next();
    expect(u).toMatchObject({ source: 'file', errors: [] });
    expect(namesOf(u)).toEqual(['web-node-1']);
    const pod = u.pods[0]!;
    expect(pod.metadata!.namespace).toBe('default');
    expect(pod.spec!.nodeName).toBe('node-1');
    expect(pod.metadata!.annotations![CONFIG_SOURCE_ANNOTATION]).toBe('file');
  });

  it('reads every manifest of a directory in both formats, skipping hidden and other files', async () => {
    write('a.yaml', manifestYaml('legacy'));
    write('b.yml', podYaml('modern'));
    write(
      'c.json',
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'json' },
        spec: { containers: [{ name: 'm', image: 'busybox' }] },
      }),
    );
    write('.hidden.yaml', manifestYaml('hidden'));
    write('notes.txt', manifestYaml('text'));
    mkdirSync(path.join(dir, 'sub.yaml'));
    const u = await startSource(dir).next();
    expect(u.errors).toEqual([]);
    expect(namesOf(u)).toEqual(['json-node-1', 'legacy-node-1', 'modern-node-1']);
  });

  it('acts on a file added, changed and removed at the next check, not before', async () => {
    const rec = startSource(dir);
    expect(namesOf(await rec.next())).toEqual([]);

    write('web.yaml', manifestYaml('web'));
    clock.step(19_999);
    expect(rec.updates).toHaveLength(1); // not due yet
    clock.step(1);
    const added = await rec.next();
    expect(namesOf(added)).toEqual(['web-node-1']);

    write('web.yaml', manifestYaml('web', 'busybox:2'));
    clock.step(20_000);
    const changed = await rec.next();
    expect(changed.pods[0]!.spec!.containers[0]!.image).toBe('busybox:2');
    expect(changed.pods[0]!.metadata!.uid).not.toBe(added.pods[0]!.metadata!.uid);

    unlinkSync(path.join(dir, 'web.yaml'));
    clock.step(20_000);
    expect(namesOf(await rec.next())).toEqual([]);
  });

  it('keeps the UID of an unchanged manifest across checks and restarts', async () => {
    write('web.yaml', manifestYaml('web'));
    const rec = startSource(dir);
    const first = (await rec.next()).pods[0]!.metadata!.uid;
    clock.step(20_000);
    expect((await rec.next()).pods[0]!.metadata!.uid).toBe(first);
    await source!.stop();
    const again = await startSource(dir).next();
    expect(again.pods[0]!.metadata!.uid).toBe(first);
  });

  it('reports an invalid file by name and keeps the other files’ pods', async () => {
    write('good.yaml', manifestYaml('good'));
    write('bad.yaml', 'version: v1beta1\ncontainers:\n  - name: x\n    image: busybox\n');
    const u = await startSource(dir).next();
    expect(namesOf(u)).toEqual(['good-node-1']);
    expect(u.errors).toHaveLength(1);
    expect(u.errors[0]!.origin).toBe(path.join(dir, 'bad.yaml'));
    expect(u.errors[0]!.error.message).toContain('bad.yaml');
    expect(u.errors[0]!.error.message).toContain('id: Required value');
  });

  it('refuses a manifest file over 3 MiB without reading it, and keeps the other files’ pods', async () => {
    write('good.yaml', manifestYaml('good'));
    write('huge.yaml', `${manifestYaml('huge')}#${' '.repeat(3 * 1024 * 1024)}\n`);
    const u = await startSource(dir).next();
    expect(namesOf(u)).toEqual(['good-node-1']);
    expect(u.errors[0]!.error.message).toMatch(/huge\.yaml.*larger than 3145728 bytes are refused/);
  });

  it('keeps the last good pods of a file that becomes invalid, until it is fixed or removed', async () => {
    write('web.yaml', manifestYaml('web'));
    const rec = startSource(dir);
    const good = await rec.next();
    write('web.yaml', 'version: v1beta1\nid: web\ncontainers: [ {name: main, image: ');
    clock.step(20_000);
    const broken = await rec.next();
    expect(broken.pods).toEqual(good.pods);
    expect(broken.errors[0]!.error.reason).toBe('BadRequest');
    unlinkSync(path.join(dir, 'web.yaml'));
    clock.step(20_000);
    expect(await rec.next()).toMatchObject({ pods: [], errors: [] });
  });

  it('reports a missing path and picks it up once it appears', async () => {
    const missing = path.join(dir, 'manifests');
    const rec = startSource(missing);
    const u = await rec.next();
    expect(u.pods).toEqual([]);
    expect(u.errors[0]!.error.message).toBe(`manifest path "${missing}" not found`);
    mkdirSync(missing);
    writeFileSync(path.join(missing, 'web.yaml'), podYaml('web'));
    clock.step(20_000);
    expect(await rec.next()).toMatchObject({ errors: [] });
  });

  it('stops polling when stopped', async () => {
    const rec = startSource(dir);
    await rec.next();
    await source!.stop();
    expect(clock.pendingTimers()).toBe(0);
    clock.step(60_000);
    expect(rec.updates).toHaveLength(1);
  });
});
