import { describe, expect, it } from 'vitest';
import { parseTargets, resolveResource, resolveResources } from './resources';

const names = (word: string) => resolveResources(word).map((r) => r.resource);

describe('resolveResource', () => {
  it.each([
    ['po', 'pods'],
    ['pod', 'pods'],
    ['Pods', 'pods'],
    ['svc', 'services'],
    ['rc', 'replicationcontrollers'],
    ['ReplicationController', 'replicationcontrollers'],
    ['ep', 'endpoints'],
    ['no', 'nodes'],
    ['ns', 'namespaces'],
    ['ev', 'events'],
  ])('%s → %s', (word, resource) => expect(resolveResource(word).resource).toBe(resource));

  it('expands all and lists, and rejects unknown types', () => {
    expect(names('all')).toEqual(['pods', 'services', 'replicationcontrollers']);
    expect(names('no,svc')).toEqual(['nodes', 'services']);
    expect(() => resolveResource('widgets')).toThrow(/doesn't have a resource type "widgets"/);
  });
});

describe('parseTargets', () => {
  it('reads type names..., type/name... and type lists', () => {
    expect(parseTargets(['po', 'a', 'b']).map((t) => [t.info.resource, t.name])).toEqual([
      ['pods', 'a'],
      ['pods', 'b'],
    ]);
    expect(parseTargets(['pod/a', 'svc/b']).map((t) => [t.info.resource, t.name])).toEqual([
      ['pods', 'a'],
      ['services', 'b'],
    ]);
    expect(parseTargets(['pods,svc']).map((t) => t.name)).toEqual([undefined, undefined]);
  });

  it('refuses the mixed forms kubectl refuses', () => {
    expect(() => parseTargets([])).toThrow(/specify the type of resource/);
    expect(() => parseTargets(['pods,svc', 'a'])).toThrow(/names can only be given with one resource type/);
    expect(() => parseTargets(['pods', 'svc/b'])).toThrow(/no need to specify a resource type/);
    expect(() => parseTargets(['pod/'])).toThrow(/must have a name/);
  });
});
