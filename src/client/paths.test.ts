import { describe, expect, it } from 'vitest';
import { queryString, resourcePath } from './paths';

describe('resourcePath', () => {
  it.each([
    [{ resource: 'pods', namespace: 'default', name: 'web-1' }, '/api/v1/namespaces/default/pods/web-1'],
    [
      { resource: 'pods', namespace: 'ns', name: 'p', subresource: 'binding' },
      '/api/v1/namespaces/ns/pods/p/binding',
    ],
    [{ resource: 'pods' }, '/api/v1/pods'],
    [{ resource: 'pods', namespace: '' }, '/api/v1/pods'],
    [{ resource: 'nodes', namespace: 'default', name: 'n1' }, '/api/v1/nodes/n1'],
    [{ resource: 'nodes', name: 'n1', subresource: 'status' }, '/api/v1/nodes/n1/status'],
    [{ resource: 'namespaces', name: 'kube-system' }, '/api/v1/namespaces/kube-system'],
    [{ resource: 'widgets', namespace: 'a', name: 'b' }, '/api/v1/namespaces/a/widgets/b'],
  ])('%j → %s', (parts, want) => {
    expect(resourcePath(parts)).toBe(want);
  });

  it('escapes names so they cannot change the path', () => {
    expect(resourcePath({ resource: 'pods', namespace: 'a', name: 'x/../y' })).toBe(
      '/api/v1/namespaces/a/pods/x%2F..%2Fy',
    );
  });
});

describe('queryString', () => {
  it('drops unset values and form-encodes selectors as kubectl does', () => {
    expect(
      queryString({ labelSelector: 'tier in (frontend),stack=prod', limit: 5, continue: undefined }),
    ).toBe('?labelSelector=tier+in+%28frontend%29%2Cstack%3Dprod&limit=5');
    expect(queryString({ a: undefined, b: '' })).toBe('');
  });
});
