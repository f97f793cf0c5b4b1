import { describe, expect, it } from 'vitest';
import { StatusError } from '../api/errors';
import { parseProxyRoute, parseRoute } from './route';

function code(rest: string): number {
  try {
    parseRoute(rest);
    return 0;
  } catch (e) {
    return (e as StatusError).code;
  }
}

describe('parseRoute', () => {
  it('names namespaced collections, objects and subresources', () => {
    expect(parseRoute('namespaces/default/pods')).toMatchObject({
      kind: 'collection',
      namespace: 'default',
      watch: false,
    });
    expect(parseRoute('namespaces/default/pods/web-1')).toMatchObject({ kind: 'object', name: 'web-1' });
    expect(parseRoute('namespaces/default/replicationcontrollers/rc/scale')).toMatchObject({
      kind: 'subresource',
      name: 'rc',
      sub: 'scale',
    });
  });

  it('serves cluster-scoped objects and all-namespace lists at the top level', () => {
    expect(parseRoute('pods')).toEqual({
      kind: 'collection',
      info: expect.objectContaining({ resource: 'pods' }),
      watch: false,
    });
    expect(parseRoute('nodes/n1')).toMatchObject({ kind: 'object', name: 'n1' });
    expect(parseRoute('nodes/n1/status')).toMatchObject({ kind: 'subresource', sub: 'status' });
    expect(parseRoute('namespaces/kube-system')).toMatchObject({ kind: 'object', name: 'kube-system' });
    expect(parseRoute('namespaces/x/finalize')).toMatchObject({
      kind: 'subresource',
      name: 'x',
      sub: 'finalize',
    });
  });

  it('reads the legacy /watch/ prefix as a watch', () => {
    expect(parseRoute('watch/namespaces/default/pods')).toMatchObject({ kind: 'collection', watch: true });
    expect(parseRoute('watch/namespaces/default/pods/a')).toMatchObject({
      kind: 'object',
      name: 'a',
      watch: true,
    });
    expect(parseRoute('watch/pods')).toMatchObject({ kind: 'collection', watch: true });
  });

  it('decodes percent-escapes and keeps the old bindings collection', () => {
    expect(parseRoute('namespaces/default/pods/a%2Db')).toMatchObject({ name: 'a-b' });
    expect(parseRoute('namespaces/default/bindings')).toEqual({ kind: 'bindings', namespace: 'default' });
  });

  it('finds pod and service proxies in the path as sent, keeping the rest untouched', () => {
    expect(parseProxyRoute('namespaces/ns/services/web:http/proxy/a%20b/')).toEqual({
      resource: 'services',
      namespace: 'ns',
      name: 'web:http',
      path: '/a%20b/',
    });
    expect(parseProxyRoute('namespaces/ns/pods/p/proxy')).toMatchObject({ resource: 'pods', path: '' });
    for (const p of ['namespaces/ns/pods/p/proxyx', 'namespaces/ns/nodes/n/proxy/', 'pods/p/proxy/'])
      expect(parseProxyRoute(p), p).toBeUndefined();
    expect(() => parseProxyRoute('namespaces/ns/pods/%2E%2E/proxy/')).toThrow('may not be');
  });

  it('routes componentstatuses, which are probed rather than stored, and never watched', () => {
    expect(parseRoute('componentstatuses')).toEqual({ kind: 'componentstatuses' });
    expect(parseRoute('componentstatuses/etcd-0')).toEqual({ kind: 'componentstatuses', name: 'etcd-0' });
    for (const p of ['watch/componentstatuses', 'componentstatuses/etcd-0/status'])
      expect(() => parseRoute(p), p).toThrow('could not find');
  });

  it('answers 404 for paths that name nothing', () => {
    for (const p of [
      '',
      'widgets',
      'namespaces/default/widgets',
      'namespaces/default/nodes',
      'pods/x',
      'nodes/n1/scale',
      'namespaces/default/pods/x/frobnicate',
      'namespaces/default/pods/x/status/y',
      'namespaces//pods',
      'watch/pods/x/status',
    ])
      expect(code(p), p).toBe(404);
  });

  it('refuses names that could escape a storage key with 400', () => {
    for (const p of [
      'namespaces/default/pods/..',
      'namespaces/default/pods/..%2Fetc',
      'namespaces/..%2F..%2Fx/pods',
      'namespaces/default/pods/%25',
      'namespaces/default/pods/%E0%A4%A',
      'nodes/.',
    ])
      expect(code(p), p).toBe(400);
  });
});
