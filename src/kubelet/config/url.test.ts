import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../util';
import { manifestYaml, namesOf, podYaml, UpdateRecorder } from './testing';
import { UrlSource } from './url';

// What the local manifest server answers next.
let reply = { status: 200, body: '' };
let server: Server;
let url: string;
let source: UrlSource | undefined;
let clock: FakeClock;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(reply.status, { 'content-type': 'application/yaml' });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/manifests`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(async () => {
  await source?.stop();
  source = undefined;
});

function startSource(target = url): UpdateRecorder {
  clock = new FakeClock();
  const rec = new UpdateRecorder();
  source = new UrlSource({ url: target, nodeName: 'node-1', intervalMs: 20_000, clock });
  source.start(rec.emit);
  return rec;
}

describe('UrlSource', () => {
  it('reads a single manifest', async () => {
    reply = { status: 200, body: manifestYaml('web') };
    const u = await startSource().next();
    expect(u).toMatchObject({ source: 'http', errors: [] });
    expect(u.incomplete).toBeUndefined();
    expect(namesOf(u)).toEqual(['web-node-1']);
  });

  it('reads a list in either format and re-reads it every interval', async () => {
    reply = { status: 200, body: `- ${manifestYaml('a').replace(/\n(?=.)/g, '\n  ')}` };
    const rec = startSource();
    expect(namesOf(await rec.next())).toEqual(['a-node-1']);
    reply = { status: 200, body: `${manifestYaml('a')}---\n${podYaml('b')}` };
    clock.step(20_000);
    expect(namesOf(await rec.next())).toEqual(['a-node-1', 'b-node-1']);
    reply = { status: 200, body: '' };
    clock.step(20_000);
    expect(await rec.next()).toMatchObject({ pods: [], errors: [] });
  });

  it('keeps the last good set on an HTTP error or a bad body, and reports it', async () => {
    reply = { status: 200, body: podYaml('web') };
    const rec = startSource();
    const good = await rec.next();
    reply = { status: 500, body: 'oops' };
    clock.step(20_000);
    const failed = await rec.next();
    expect(failed.pods).toEqual(good.pods);
    expect(failed.incomplete).toBeUndefined();
    expect(failed.errors[0]!.origin).toBe(url);
    expect(failed.errors[0]!.error.message).toBe(`GET ${url}: the server answered 500 Internal Server Error`);
    reply = { status: 200, body: 'apiVersion: v1\nkind: Service\n' };
    clock.step(20_000);
    const bad = await rec.next();
    expect(bad.pods).toEqual(good.pods);
    expect(bad.errors[0]!.error.message).toContain('got apiVersion "v1", kind "Service"');
  });

  it('marks its updates incomplete until the URL has been read once', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const rec = startSource(`http://127.0.0.1:${port}/manifests`);
    const u = await rec.next();
    expect(u).toMatchObject({ pods: [], incomplete: true });
    expect(u.errors[0]!.error.reason).toBe('ServiceUnavailable');
    expect(u.errors[0]!.error.message).toContain('ECONNREFUSED');
  });
});
