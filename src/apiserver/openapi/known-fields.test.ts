import { describe, expect, it } from 'vitest';
import { knownFieldsCheck, strictDecodingMessage } from './known-fields';

const pod = (spec: unknown, extra: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { 'app.kubernetes.io/name': 'x' }, annotations: { 'a/b': 'c' } },
  spec,
  ...extra,
});

describe('knownFieldsCheck', () => {
  it.each([
    [
      'a valid pod',
      'Pod',
      pod({ containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] }),
      [],
    ],
    [
      'a typo in a container',
      'Pod',
      pod({ containers: [{ name: 'c', imagee: 'nginx' }] }),
      ['spec.containers[0].imagee'],
    ],
    ['an unknown spec field', 'Pod', pod({ containers: [], foo: 1 }), ['spec.foo']],
    ['an unknown top-level field', 'Pod', pod({ containers: [] }, { spce: {} }), ['spce']],
    ['an unknown metadata field', 'Service', { metadata: { name: 's', nmae: 'x' } }, ['metadata.nmae']],
    [
      'several, in document order, across list elements',
      'Pod',
      pod({ containers: [{ name: 'a' }, { name: 'b', env: [{ name: 'X', valeu: '1' }], bogus: true }] }),
      ['spec.containers[1].env[0].valeu', 'spec.containers[1].bogus'],
    ],
    [
      'maps accept any key: nodeSelector, resources, selectors',
      'Pod',
      pod({
        nodeSelector: { 'kubernetes.io/hostname': 'n1' },
        containers: [{ name: 'c', resources: { limits: { cpu: '1', memory: '1Gi' } } }],
      }),
      [],
    ],
    [
      'int-or-string ports and a service selector',
      'Service',
      { spec: { selector: { app: 'x' }, ports: [{ port: 80, targetPort: 'http', nodeport: 1 }] } },
      ['spec.ports[0].nodeport'],
    ],
    [
      'the status block is checked too',
      'Pod',
      pod({ containers: [] }, { status: { phase: 'Running', phaze: 'x' } }),
      ['status.phaze'],
    ],
    [
      'a replication controller template',
      'ReplicationController',
      {
        spec: {
          replicas: 1,
          template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', imag: 'x' }] } },
        },
      },
      ['spec.template.spec.containers[0].imag'],
    ],
    [
      'nested under a map value',
      'Node',
      { status: { capacity: { cpu: '2' }, addresses: [{ type: 'InternalIP', adress: 'x' }] } },
      ['status.addresses[0].adress'],
    ],
    [
      'a Scale',
      'Scale',
      { apiVersion: 'autoscaling/v1', kind: 'Scale', spec: { replicas: 3, replica: 1 } },
      ['spec.replica'],
    ],
    ['an event', 'Event', { involvedObject: { kind: 'Pod', nam: 'x' }, reason: 'R' }, ['involvedObject.nam']],
    ['wrong JSON types are left to validation', 'Pod', pod('not-an-object'), []],
    ['a kind without a schema reports nothing', 'Widget', { foo: 1 }, []],
  ])('%s', (_name, kind, obj, unknown) => {
    expect(knownFieldsCheck(kind, obj)).toEqual(unknown);
  });

  it('formats the strict decoding message like the apiserver', () => {
    expect(strictDecodingMessage(['spec.containers[0].imagee'])).toBe(
      'strict decoding error: unknown field "spec.containers[0].imagee"',
    );
    expect(strictDecodingMessage(['spec.foo', 'spec.bar'])).toBe(
      'strict decoding error: unknown field "spec.foo", unknown field "spec.bar"',
    );
  });
});
