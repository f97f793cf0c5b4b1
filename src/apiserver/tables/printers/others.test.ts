import type { Endpoints, Event, Node, ReplicationController, Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { endpointsPrinter, formatEndpoints } from './endpoints';
import { eventPrinter } from './events';
import { namespacePrinter } from './namespaces';
import { nodePrinter } from './nodes';
import { replicationControllerPrinter } from './replicationcontrollers';
import { servicePrinter } from './services';

const now = Date.parse('2026-01-03T05:00:00Z');
const meta = (name: string) => ({ name, creationTimestamp: '2026-01-01T00:00:00Z' });

describe('service columns', () => {
  it('a ClusterIP service', () => {
    const svc: Service = {
      metadata: meta('redis'),
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.10',
        ports: [{ port: 6379, protocol: 'TCP' }],
        selector: { app: 'redis', tier: 'db' },
      },
    };
    expect(servicePrinter.cells(svc, now)).toEqual([
      'redis',
      'ClusterIP',
      '10.96.0.10',
      '<none>',
      '6379/TCP',
      '2d5h',
      'app=redis,tier=db',
    ]);
  });

  it('a NodePort service with two ports and no selector', () => {
    const svc: Service = {
      metadata: meta('web'),
      spec: {
        type: 'NodePort',
        clusterIPs: ['10.96.0.11'],
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
      },
    };
    expect(servicePrinter.cells(svc, now).slice(1, 5)).toEqual([
      'NodePort',
      '10.96.0.11',
      '<none>',
      '80:30080/TCP,53/UDP',
    ]);
    expect(servicePrinter.cells(svc, now)[6]).toBe('<none>');
  });

  it('a LoadBalancer is <pending> until it has an ingress; external IPs are listed', () => {
    const lb: Service = { metadata: meta('lb'), spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } };
    expect(servicePrinter.cells(lb, now)[3]).toBe('<pending>');
    const ext: Service = { metadata: meta('e'), spec: { type: 'ClusterIP', externalIPs: ['1.2.3.4'] } };
    expect(servicePrinter.cells(ext, now).slice(3, 5)).toEqual(['1.2.3.4', '<none>']);
  });
});

describe('replication controller columns', () => {
  it('desired, current, ready, and the template in wide', () => {
    const rc: ReplicationController = {
      metadata: meta('frontend'),
      spec: {
        replicas: 3,
        selector: { name: 'frontend' },
        template: {
          spec: {
            containers: [
              { name: 'php', image: 'php:8' },
              { name: 'log', image: 'busybox' },
            ],
          },
        },
      },
      status: { replicas: 2, readyReplicas: 1 },
    };
    expect(replicationControllerPrinter.cells(rc, now)).toEqual([
      'frontend',
      3,
      2,
      1,
      '2d5h',
      'php,log',
      'php:8,busybox',
      'name=frontend',
    ]);
  });
});

describe('endpoints columns', () => {
  const ep = (n: number): Endpoints => ({
    metadata: meta('web'),
    subsets: [
      { addresses: Array.from({ length: n }, (_, i) => ({ ip: `10.0.0.${i + 1}` })), ports: [{ port: 80 }] },
    ],
  });
  it('lists up to three addresses', () => {
    expect(endpointsPrinter.cells(ep(2), now)).toEqual(['web', '10.0.0.1:80,10.0.0.2:80', '2d5h']);
  });
  it('summarizes the rest', () => {
    expect(formatEndpoints(ep(4))).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...');
  });
  it('is <none> without subsets, and counts every port', () => {
    expect(formatEndpoints({ metadata: meta('x') })).toBe('<none>');
    const two: Endpoints = {
      subsets: [
        { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] },
      ],
    };
    expect(formatEndpoints(two)).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...');
  });
});

describe('node columns', () => {
  const node = (ready: string | undefined, unschedulable = false): Node => ({
    metadata: { ...meta('node-1'), labels: { 'node-role.kubernetes.io/control-plane': '' } },
    spec: { unschedulable },
    status: {
      conditions: ready ? [{ type: 'Ready', status: ready }] : [],
      addresses: [{ type: 'InternalIP', address: '10.240.0.2' }],
      nodeInfo: {
        kubeletVersion: 'v1.32.0-k8ts',
        osImage: 'Debian GNU/Linux 12',
        kernelVersion: '6.1.0',
        containerRuntimeVersion: 'docker://20.10.24',
        architecture: 'amd64',
        bootID: '',
        kubeProxyVersion: '',
        machineID: '',
        operatingSystem: 'linux',
        systemUUID: '',
      },
    },
  });
  it('a ready node', () => {
    expect(nodePrinter.cells(node('True'), now)).toEqual([
      'node-1',
      'Ready',
      'control-plane',
      '2d5h',
      'v1.32.0-k8ts',
      '10.240.0.2',
      '<none>',
      'Debian GNU/Linux 12',
      '6.1.0',
      'docker://20.10.24',
    ]);
  });
  it.each([
    ['False', false, 'NotReady'],
    ['Unknown', false, 'NotReady'],
    [undefined, false, 'Unknown'],
    ['True', true, 'Ready,SchedulingDisabled'],
  ])('Ready=%s unschedulable=%s → %s', (ready, unschedulable, text) => {
    expect(nodePrinter.cells(node(ready, unschedulable), now)[1]).toBe(text);
  });
  it('a node without labels has no roles', () => {
    expect(nodePrinter.cells({ metadata: meta('n') }, now)[2]).toBe('<none>');
  });
});

describe('namespace columns', () => {
  it('name, phase, age', () => {
    expect(
      namespacePrinter.cells({ metadata: meta('kube-system'), status: { phase: 'Active' } }, now),
    ).toEqual(['kube-system', 'Active', '2d5h']);
  });
});

describe('event columns', () => {
  it('last seen, type, reason, object, message; wide: subobject, source, first seen, count, name', () => {
    const ev: Event = {
      metadata: { name: 'web-1.17a', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{web}' },
      reason: 'Pulled',
      message: 'Container image "nginx" already present on machine\n',
      type: 'Normal',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2026-01-03T04:00:00Z',
      lastTimestamp: '2026-01-03T04:58:00Z',
      count: 3,
    };
    expect(eventPrinter.cells(ev, now)).toEqual([
      '2m',
      'Normal',
      'Pulled',
      'pod/web-1',
      'spec.containers{web}',
      'kubelet, node-1',
      'Container image "nginx" already present on machine',
      '60m',
      3,
      'web-1.17a',
    ]);
    expect(eventPrinter.columns.filter((c) => c.priority === 0).map((c) => c.name)).toEqual([
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      'Message',
    ]);
  });
  it('a singleton event without lastTimestamp or count', () => {
    const ev: Event = {
      metadata: { name: 'e' },
      involvedObject: { kind: 'Node' },
      firstTimestamp: '2026-01-03T04:59:50Z',
    };
    const cells = eventPrinter.cells(ev, now);
    expect([cells[0], cells[3], cells[8]]).toEqual(['10s', 'node', 1]);
  });
});
