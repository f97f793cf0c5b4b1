import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { POD_UPDATE_FORBIDDEN, validateObjectUpdate } from './index';
import * as fx from './test-fixtures';

type Any = any;
type Case = [title: string, kind: string, make: () => unknown, change: (o: Any) => void, expected: string[]];

const withUid =
  <T extends { metadata?: object }>(make: () => T) =>
  () => {
    const o = make();
    o.metadata = { ...o.metadata, uid: 'uid-1', creationTimestamp: '2014-06-06T00:00:00Z' as never };
    return o;
  };

const cases: Case[] = [
  ['pod image change is allowed', 'Pod', fx.pod, (p) => (p.spec.containers[0].image = 'nginx:1.26'), []],
  ['pod labels may change', 'Pod', fx.pod, (p) => (p.metadata.labels = { app: 'web', tier: 'fe' }), []],
  ['pod activeDeadlineSeconds may be set', 'Pod', fx.pod, (p) => (p.spec.activeDeadlineSeconds = 60), []],
  [
    'pod rename',
    'Pod',
    fx.pod,
    (p) => (p.metadata.name = 'web2'),
    ['metadata.name: Invalid value: "web2": field is immutable'],
  ],
  [
    'pod moved to another namespace',
    'Pod',
    fx.pod,
    (p) => (p.metadata.namespace = 'other'),
    ['metadata.namespace: Invalid value: "other": field is immutable'],
  ],
  [
    'uid changed',
    'Pod',
    withUid(fx.pod),
    (p) => (p.metadata.uid = 'uid-2'),
    ['metadata.uid: Invalid value: "uid-2": field is immutable'],
  ],
  ['uid left out keeps the stored one', 'Pod', withUid(fx.pod), (p) => delete p.metadata.uid, []],
  [
    'pod port change is forbidden',
    'Pod',
    fx.pod,
    (p) => (p.spec.containers[0].ports[0].containerPort = 81),
    [`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`],
  ],
  [
    'pod container added is forbidden',
    'Pod',
    fx.pod,
    (p) => p.spec.containers.push({ ...p.spec.containers[0], name: 'side', ports: [] }),
    [`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`],
  ],
  [
    'activeDeadlineSeconds may not grow',
    'Pod',
    changed(fx.pod, (p) => (p.spec.activeDeadlineSeconds = 30)),
    (p) => (p.spec.activeDeadlineSeconds = 60),
    ['spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value'],
  ],
  [
    'activeDeadlineSeconds may not be removed',
    'Pod',
    changed(fx.pod, (p) => (p.spec.activeDeadlineSeconds = 30)),
    (p) => delete p.spec.activeDeadlineSeconds,
    ['spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value'],
  ],
  [
    'update still validates the object',
    'Pod',
    fx.pod,
    (p) => (p.spec.containers[0].image = ''),
    [`spec.containers[0].image: Required value`],
  ],
  [
    'service clusterIP change',
    'Service',
    changed(fx.service, (s) => (s.spec.clusterIP = '10.96.0.10')),
    (s) => (s.spec.clusterIP = '10.96.0.11'),
    ['spec.clusterIP: Invalid value: "10.96.0.11": field is immutable'],
  ],
  [
    'service clusterIP left empty',
    'Service',
    changed(fx.service, (s) => (s.spec.clusterIP = '10.96.0.10')),
    (s) => delete s.spec.clusterIP,
    [],
  ],
  [
    'service clusterIP set for the first time',
    'Service',
    fx.service,
    (s) => (s.spec.clusterIP = '10.96.0.12'),
    [],
  ],
  ['service ports may change', 'Service', fx.service, (s) => (s.spec.ports[0].port = 8080), []],
  [
    'rc selector may change when it still matches',
    'ReplicationController',
    fx.rc,
    (r) => (
      (r.spec.selector = { app: 'web', v: '2' }),
      (r.spec.template.metadata.labels = { app: 'web', v: '2' })
    ),
    [],
  ],
  [
    'rc selector change must still match',
    'ReplicationController',
    fx.rc,
    (r) => (r.spec.selector = { app: 'db' }),
    [
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ],
  ],
  ['rc scaled', 'ReplicationController', fx.rc, (r) => (r.spec.replicas = 0), []],
  [
    'namespace rename',
    'Namespace',
    fx.namespace,
    (n) => (n.metadata.name = 'team-b'),
    ['metadata.name: Invalid value: "team-b": field is immutable'],
  ],
  [
    'node rename',
    'Node',
    fx.node,
    (n) => (n.metadata.name = 'node-2'),
    ['metadata.name: Invalid value: "node-2": field is immutable'],
  ],
  [
    'endpoints new address',
    'Endpoints',
    fx.endpoints,
    (e) => e.subsets[0].addresses.push({ ip: '10.244.2.7' }),
    [],
  ],
  ['event count bump', 'Event', fx.event, (e) => (e.count = 2), []],
];

function changed<T>(make: () => T, change: (o: Any) => void): () => T {
  return () => {
    const o = make();
    change(o);
    return o;
  };
}

describe('validateObjectUpdate', () => {
  it.each(cases)('%s', (_title, kind, make, change, expected) => {
    const old = Object.freeze(make());
    const updated = structuredClone(old) as Any;
    change(updated);
    expect(validateObjectUpdate(kind, updated, old as KubeObject).map(String)).toEqual(expected);
  });
});
