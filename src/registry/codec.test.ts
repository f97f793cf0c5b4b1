import { describe, expect, it } from 'vitest';
import { resourceInfo } from '../api/resources';
import { decodeBody, decodeStored, encodeForStore, withResourceVersion } from './codec';

const pods = resourceInfo('pods')!;

describe('decodeBody', () => {
  it('returns a copy: changing it leaves the caller’s body as it was', () => {
    const body = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'c' }] } };
    const before = JSON.stringify(body);
    const obj = decodeBody(pods, body) as { metadata: { labels: Record<string, string> }; spec: any };
    obj.metadata.labels.app = 'changed';
    obj.spec.containers[0].image = 'busybox';
    obj.spec.containers.push({ name: 'd' });
    expect(JSON.stringify(body)).toBe(before);
    expect(obj).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } });
  });

  it('keeps a "__proto__" key of a parsed body as data', () => {
    const body = JSON.parse('{"metadata":{"name":"web","labels":{"__proto__":"x"}}}') as unknown;
    const obj = decodeBody(pods, body);
    expect(Object.getPrototypeOf(obj.metadata!.labels)).toBe(Object.prototype);
    expect(Object.keys(obj.metadata!.labels!)).toEqual(['__proto__']);
  });

  it('copies values that are not plain JSON (an in-process caller’s Date) faithfully', () => {
    const when = new Date(0);
    const obj = decodeBody(pods, { metadata: { name: 'web' }, spec: { when } }) as { spec: { when: Date } };
    expect(obj.spec.when).toEqual(when);
    expect(obj.spec.when).not.toBe(when);
  });
});

describe('withResourceVersion', () => {
  const pod = decodeBody(pods, {
    spec: { containers: [{ name: 'c' }] },
    metadata: { name: 'web', resourceVersion: '3', annotations: { note: '"kind":"Pod","metadata":{' } },
  });

  it('makes from the stored value the same object a decode would give', () => {
    const value = encodeForStore(pod);
    expect(value.startsWith('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"')).toBe(true);
    expect(JSON.parse(withResourceVersion(value, 'Pod', 42)!)).toEqual(decodeStored(pods, value, 42));
  });

  it('handles empty metadata', () => {
    const value = encodeForStore({ apiVersion: 'v1', kind: 'Pod', metadata: {} });
    expect(JSON.parse(withResourceVersion(value, 'Pod', 7)!)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { resourceVersion: '7' },
    });
  });

  it('declines values not laid out as encodeForStore writes them, or of another kind', () => {
    expect(withResourceVersion('{"kind":"Pod","apiVersion":"v1","metadata":{}}', 'Pod', 1)).toBeUndefined();
    expect(withResourceVersion(encodeForStore(pod), 'Service', 1)).toBeUndefined();
  });
});
