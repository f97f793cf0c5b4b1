import { describe, expect, it } from 'vitest';
import { StatusError } from '../errors';
import { applyStrategicMergePatch } from './strategic';

const rc = () => ({
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'web', labels: { app: 'web', tier: 'fe' }, finalizers: ['a'] },
  spec: {
    replicas: 2,
    selector: { app: 'web' },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.24',
            ports: [{ containerPort: 80 }],
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
          { name: 'sidecar', image: 'busybox' },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    },
  },
});

type Rc = ReturnType<typeof rc>;
const containers = (o: unknown) => (o as Rc).spec.template.spec.containers;

// [name, kind, original, patch, check of the result]
const CASES: [string, string, unknown, unknown, (out: any) => void][] = [
  [
    'kubectl apply: image change with $setElementOrder',
    'ReplicationController',
    rc(),
    {
      spec: {
        replicas: 4,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [{ image: 'nginx:1.25', name: 'web' }],
          },
        },
      },
    },
    (out) => {
      expect(out.spec.replicas).toBe(4);
      expect(containers(out).map((c) => [c.name, c.image])).toEqual([
        ['web', 'nginx:1.25'],
        ['sidecar', 'busybox'],
      ]);
      expect(containers(out)[0]!.env).toHaveLength(2);
    },
  ],
  [
    'label added and removed with null',
    'Pod',
    { metadata: { labels: { a: '1', b: '2' } } },
    { metadata: { labels: { a: null, c: '3' } } },
    (out) => expect(out.metadata.labels).toEqual({ b: '2', c: '3' }),
  ],
  [
    'env merged by name',
    'ReplicationController',
    rc(),
    {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                env: [
                  { name: 'B', value: '20' },
                  { name: 'C', value: '3' },
                ],
              },
            ],
          },
        },
      },
    },
    (out) =>
      expect(containers(out)[0]!.env).toEqual([
        { name: 'A', value: '1' },
        { name: 'B', value: '20' },
        { name: 'C', value: '3' },
      ]),
  ],
  [
    '$patch: delete removes a container',
    'ReplicationController',
    rc(),
    { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
    (out) => expect(containers(out).map((c) => c.name)).toEqual(['web']),
  ],
  [
    '$patch: replace on a list element replaces the whole list',
    'ReplicationController',
    rc(),
    { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } } } },
    (out) => expect(containers(out)).toEqual([{ name: 'only', image: 'x' }]),
  ],
  [
    '$patch: replace on a map replaces the map',
    'ReplicationController',
    rc(),
    { spec: { selector: { $patch: 'replace', app: 'other' } } },
    (out) => expect(out.spec.selector).toEqual({ app: 'other' }),
  ],
  [
    '$patch: delete on a map empties it',
    'Pod',
    { metadata: { labels: { a: '1' } } },
    { metadata: { labels: { $patch: 'delete' } } },
    (out) => expect(out.metadata.labels).toEqual({}),
  ],
  [
    'a new container is appended',
    'Pod',
    { spec: { containers: [{ name: 'a', image: 'x' }] } },
    { spec: { containers: [{ name: 'b', image: 'y' }] } },
    (out) => expect(out.spec.containers.map((c: any) => c.name)).toEqual(['a', 'b']),
  ],
  [
    'container ports merge by containerPort',
    'Pod',
    { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, name: 'http' }] }] } },
    {
      spec: {
        containers: [{ name: 'a', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }] }],
      },
    },
    (out) =>
      expect(out.spec.containers[0].ports).toEqual([
        { containerPort: 80, name: 'http', protocol: 'TCP' },
        { containerPort: 443 },
      ]),
  ],
  [
    'volumeMounts merge by mountPath',
    'Pod',
    { spec: { containers: [{ name: 'a', volumeMounts: [{ name: 'v', mountPath: '/data' }] }] } },
    { spec: { containers: [{ name: 'a', volumeMounts: [{ mountPath: '/data', readOnly: true }] }] } },
    (out) =>
      expect(out.spec.containers[0].volumeMounts).toEqual([
        { name: 'v', mountPath: '/data', readOnly: true },
      ]),
  ],
  [
    'service ports merge by port',
    'Service',
    { spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } },
    { spec: { ports: [{ port: 80, nodePort: 30080 }] } },
    (out) =>
      expect(out.spec.ports).toEqual([{ port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 }]),
  ],
  [
    'tolerations (no strategy) are replaced',
    'Pod',
    { spec: { tolerations: [{ key: 'a', operator: 'Exists' }] } },
    { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } },
    (out) => expect(out.spec.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]),
  ],
  [
    'args (no strategy) are replaced',
    'Pod',
    { spec: { containers: [{ name: 'a', args: ['x', 'y'] }] } },
    { spec: { containers: [{ name: 'a', args: ['z'] }] } },
    (out) => expect(out.spec.containers[0].args).toEqual(['z']),
  ],
  [
    'finalizers merge as a set',
    'Pod',
    { metadata: { finalizers: ['a', 'b'] } },
    { metadata: { finalizers: ['b', 'c'] } },
    (out) => expect(out.metadata.finalizers).toEqual(['a', 'b', 'c']),
  ],
  [
    '$deleteFromPrimitiveList removes finalizers',
    'Pod',
    { metadata: { finalizers: ['a', 'b', 'c'] } },
    { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } },
    (out) => expect(out.metadata.finalizers).toEqual(['a', 'c']),
  ],
  [
    'pod conditions merge by type',
    'Pod',
    {
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    },
    { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    (out) =>
      expect(out.status.conditions).toEqual([
        { type: 'Ready', status: 'True' },
        { type: 'PodScheduled', status: 'True' },
      ]),
  ],
  [
    'ownerReferences merge by uid',
    'Pod',
    { metadata: { ownerReferences: [{ uid: 'u1', name: 'a', kind: 'ReplicationController' }] } },
    { metadata: { ownerReferences: [{ uid: 'u1', controller: true }] } },
    (out) =>
      expect(out.metadata.ownerReferences).toEqual([
        { uid: 'u1', name: 'a', kind: 'ReplicationController', controller: true },
      ]),
  ],
  [
    '$retainKeys clears a volume source that changed type',
    'Pod',
    { spec: { volumes: [{ name: 'v', emptyDir: {} }] } },
    { spec: { volumes: [{ name: 'v', hostPath: { path: '/tmp' }, $retainKeys: ['hostPath', 'name'] }] } },
    (out) => expect(out.spec.volumes).toEqual([{ name: 'v', hostPath: { path: '/tmp' } }]),
  ],
  [
    '$setElementOrder reorders but keeps elements the order does not name in place',
    'Pod',
    { spec: { containers: [{ name: 'a' }, { name: 'server-added' }, { name: 'b' }] } },
    { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } },
    (out) => expect(out.spec.containers.map((c: any) => c.name)).toEqual(['b', 'server-added', 'a']),
  ],
  [
    'directives and nulls are stripped from fields new to the object',
    'Pod',
    { spec: {} },
    { spec: { containers: [{ name: 'a', env: [{ name: 'X', $patch: 'delete' }], image: null }] } },
    (out) => expect(out.spec.containers).toEqual([{ name: 'a', env: [] }]),
  ],
  [
    'an unknown kind replaces every list',
    'Widget',
    { spec: { containers: [{ name: 'a' }] } },
    { spec: { containers: [{ name: 'b' }] } },
    (out) => expect(out.spec.containers).toEqual([{ name: 'b' }]),
  ],
];

describe('applyStrategicMergePatch', () => {
  it.each(CASES)('%s', (_name, kind, original, patch, check) => {
    const frozen = structuredClone(original);
    check(applyStrategicMergePatch(original, patch, kind));
    expect(original).toEqual(frozen);
  });

  it.each([
    ['a patch that is not an object', ['x']],
    ['an unknown $patch', { spec: { $patch: 'frob' } }],
    ['a keyed element without its merge key', { spec: { containers: [{ image: 'x' }] } }],
    ['a non-object element in a keyed list', { spec: { containers: ['x'] } }],
    ['an unknown directive', { spec: { $frob: 1 } }],
  ])('rejects %s with 400', (_name, patch) => {
    try {
      applyStrategicMergePatch({ spec: { containers: [] } }, patch, 'Pod');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StatusError);
      expect((e as StatusError).code).toBe(400);
    }
  });
});
