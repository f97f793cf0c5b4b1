import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { StatusError, errors, isGone } from '../api/errors';
import type { WatchEvent, WatchOptions } from './interface';
import { KubeClient } from './rest-client';
import {
  type WireHandler,
  type WireServer,
  closedPort,
  sendJson,
  startWireServer,
} from './testing/wire-server';

let server: WireServer | undefined;
let client: KubeClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
  server = client = undefined;
});

async function serve(handler: WireHandler) {
  server = await startWireServer(handler);
  client = new KubeClient({ server: server.url });
  return { server, client };
}

const pod = (name: string, rv: string) => ({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name, resourceVersion: rv },
});
const line = (type: string, object: unknown) => JSON.stringify({ type, object }) + '\n';

function startStream(res: ServerResponse) {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
}

/** Runs a watch until it closes; answers what it saw. */
function watchUntilClosed(c: KubeClient, options: WatchOptions = { resourceVersion: '1' }, ns = 'default') {
  const events: WatchEvent[] = [];
  return new Promise<{ events: WatchEvent[]; err: StatusError | undefined }>((resolve) => {
    c.watch(
      'pods',
      ns,
      options,
      (e) => events.push(e),
      (err) => resolve({ events, err }),
    );
  });
}

describe('watch over HTTP', () => {
  it('sends the watch query and decodes events split anywhere, including mid-line', async () => {
    const { server, client } = await serve((_req, res) => {
      startStream(res);
      const body =
        line('ADDED', pod('a', '2')) + line('MODIFIED', pod('a', '3')) + line('BOOKMARK', pod('', '9'));
      // Write in 7-byte pieces, each flushed on its own, so every event is cut across chunks.
      const pieces = body.match(/[\s\S]{1,7}/g)!;
      const next = () => {
        const p = pieces.shift();
        if (p === undefined) return res.end();
        res.write(p, () => setImmediate(next));
      };
      next();
    });
    const { events, err } = await watchUntilClosed(client, {
      resourceVersion: '1',
      labelSelector: 'app=web',
      allowWatchBookmarks: true,
      timeoutSeconds: 300,
    });
    expect(events.map((e) => [e.type, e.object.metadata?.name, e.object.metadata?.resourceVersion])).toEqual([
      ['ADDED', 'a', '2'],
      ['MODIFIED', 'a', '3'],
      ['BOOKMARK', '', '9'],
    ]);
    expect(err).toBeUndefined(); // a clean end: the caller resumes from resourceVersion 9
    const q = server.requests[0]!.query;
    expect(server.requests[0]!.path).toBe('/api/v1/namespaces/default/pods');
    expect(Object.fromEntries(q)).toEqual({
      watch: 'true',
      resourceVersion: '1',
      labelSelector: 'app=web',
      allowWatchBookmarks: 'true',
      timeoutSeconds: '300',
    });
  });

  it('turns a 410 ERROR event into a StatusError with code 410 and stops there', async () => {
    const { client } = await serve((_req, res) => {
      startStream(res);
      res.write(line('ADDED', pod('a', '5')));
      res.write(line('ERROR', errors.gone('too old resource version: 1 (5)').toStatus()));
      res.write(line('ADDED', pod('b', '6'))); // never delivered: the watch is over
    });
    const { events, err } = await watchUntilClosed(client);
    expect(events.map((e) => e.object.metadata?.name)).toEqual(['a']);
    expect(isGone(err)).toBe(true);
    expect(err).toMatchObject({ code: 410, reason: 'Expired', message: 'too old resource version: 1 (5)' });
  });

  it('reports a watch the server refuses with an HTTP error status', async () => {
    const { client } = await serve((_req, res) => sendJson(res, 410, errors.gone('too old').toStatus()));
    const { events, err } = await watchUntilClosed(client);
    expect(events).toEqual([]);
    expect(err).toMatchObject({ code: 410, message: 'too old' });
  });

  it('ends with an error on a line that is not a watch event', async () => {
    const { client } = await serve((_req, res) => {
      startStream(res);
      res.write('this is not json\n');
    });
    const { err } = await watchUntilClosed(client);
    expect(err).toMatchObject({ code: 500, message: 'unable to decode watch event: this is not json' });
  });

  it('reports a refused connection as 503', async () => {
    const port = await closedPort();
    client = new KubeClient({ server: `http://127.0.0.1:${port}` });
    const { err } = await watchUntilClosed(client);
    expect(err).toBeInstanceOf(StatusError);
    expect(err).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
  });

  it('stop() closes the connection and calls nothing afterwards', async () => {
    let serverSawClose!: () => void;
    const connectionClosed = new Promise<void>((r) => (serverSawClose = r));
    const { client } = await serve((_req, res) => {
      startStream(res);
      res.write(line('ADDED', pod('a', '2')));
      res.write(line('ADDED', pod('b', '3')));
      res.on('close', serverSawClose);
    });
    const seen: (string | undefined)[] = [];
    let closed = false;
    const h = client.watch(
      'pods',
      'default',
      { resourceVersion: '1' },
      (e) => {
        seen.push(e.object.metadata?.name);
        h.stop(); // stop from inside the first event: b is in the same chunk and must not follow
      },
      () => (closed = true),
    );
    await connectionClosed;
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['a']);
    expect(closed).toBe(false);
  });
});
