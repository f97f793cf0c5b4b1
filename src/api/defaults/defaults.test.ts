import { describe, expect, it } from 'vitest';
import type { KubeObject, Namespace, Node, Pod, ReplicationController, Service } from '../types';
import { validateObject } from '../validation';
import { applyDefaults, defaultPullPolicy, initialPodStatus } from './index';

const obj = (o: object) => o as KubeObject;

function minimalPod(): Pod {
  return {
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'busybox',
          ports: [{ containerPort: 80 }],
          livenessProbe: { httpGet: { port: 80 } },
        },
      ],
      volumes: [{ name: 'scratch', emptyDir: {} }],
    },
  };
}

describe('pod defaults', () => {
  it('fills the spec and each container as Kubernetes v1 does', () => {
    const pod = minimalPod();
    applyDefaults('Pod', obj(pod));
    const spec = pod.spec!;
    expect(spec.restartPolicy).toBe('Always');
    expect(spec.dnsPolicy).toBe('ClusterFirst');
    expect(spec.schedulerName).toBe('default-scheduler');
    expect(spec.terminationGracePeriodSeconds).toBe(30);
    expect(spec.securityContext).toEqual({});
    const c = spec.containers[0]!;
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.terminationMessagePath).toBe('/dev/termination-log');
    expect(c.terminationMessagePolicy).toBe('File');
    expect(c.ports![0]!.protocol).toBe('TCP');
    expect(c.resources).toEqual({});
    expect(c.livenessProbe).toMatchObject({ timeoutSeconds: 1, periodSeconds: 10, failureThreshold: 3 });
    expect(c.livenessProbe!.httpGet).toMatchObject({ path: '/', scheme: 'HTTP' });
    expect(spec.volumes![0]).toEqual({ name: 'scratch', emptyDir: {} });
  });

  it('leaves the namespace alone and does not set status', () => {
    const pod: Pod = { metadata: { name: 'x' }, spec: { containers: [{ name: 'a', image: 'a:1' }] } };
    applyDefaults('Pod', obj(pod));
    expect(pod.metadata!.namespace).toBeUndefined();
    expect(pod.status).toBeUndefined();
    expect(initialPodStatus()).toEqual({ phase: 'Pending' });
  });

  it('keeps values the user set', () => {
    const pod = minimalPod();
    pod.spec!.restartPolicy = 'Never';
    pod.spec!.containers[0]!.imagePullPolicy = 'Never';
    pod.spec!.containers[0]!.ports![0]!.protocol = 'UDP';
    applyDefaults('Pod', obj(pod));
    expect(pod.spec!.restartPolicy).toBe('Never');
    expect(pod.spec!.containers[0]!.imagePullPolicy).toBe('Never');
    expect(pod.spec!.containers[0]!.ports![0]!.protocol).toBe('UDP');
  });

  it('is idempotent and produces a valid pod', () => {
    const once = minimalPod();
    applyDefaults('Pod', obj(once));
    const twice = structuredClone(once);
    applyDefaults('Pod', obj(twice));
    expect(twice).toEqual(once);
    expect(validateObject('Pod', obj(once)).map(String)).toEqual([]);
  });

  it.each([
    ['busybox', 'Always'],
    ['busybox:latest', 'Always'],
    ['busybox:1.36', 'IfNotPresent'],
    ['localhost:5000/busybox', 'Always'],
    ['localhost:5000/busybox:v1', 'IfNotPresent'],
    ['busybox@sha256:abcd', 'IfNotPresent'],
  ])('pull policy for %s is %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});

describe('service defaults', () => {
  it('sets type, affinity, protocol and targetPort', () => {
    const svc: Service = {
      metadata: { name: 'fe', namespace: 'default' },
      spec: { ports: [{ port: 80 }, { port: 443, targetPort: 8443 }] },
    };
    applyDefaults('Service', obj(svc));
    expect(svc.spec).toEqual({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 443, protocol: 'TCP', targetPort: 8443 },
      ],
    });
    expect(svc.spec!.clusterIP).toBeUndefined();
  });

  it('NodePort services route external traffic cluster-wide by default', () => {
    const svc: Service = { spec: { type: 'NodePort', ports: [{ port: 80 }] } };
    applyDefaults('Service', obj(svc));
    expect(svc.spec!.externalTrafficPolicy).toBe('Cluster');
  });
});

describe('replication controller defaults', () => {
  it('one replica, selector and labels from the template, template defaulted like a pod', () => {
    const rc: ReplicationController = {
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'a', image: 'nginx:1' }] },
        },
      },
    };
    applyDefaults('ReplicationController', obj(rc));
    expect(rc.spec!.replicas).toBe(1);
    expect(rc.spec!.selector).toEqual({ app: 'web' });
    expect(rc.metadata!.labels).toEqual({ app: 'web' });
    expect(rc.spec!.template!.spec!.restartPolicy).toBe('Always');
    expect(rc.spec!.template!.spec!.containers[0]!.imagePullPolicy).toBe('IfNotPresent');
    expect(validateObject('ReplicationController', obj(rc)).map(String)).toEqual([]);
  });

  it('keeps an explicit selector and replicas 0', () => {
    const rc: ReplicationController = {
      spec: {
        replicas: 0,
        selector: { app: 'web' },
        template: { metadata: { labels: { app: 'web', v: '2' } } },
      },
    };
    applyDefaults('ReplicationController', obj(rc));
    expect(rc.spec!.replicas).toBe(0);
    expect(rc.spec!.selector).toEqual({ app: 'web' });
  });
});

describe('namespace, node and endpoints defaults', () => {
  it('a namespace is Active with the kubernetes finalizer', () => {
    const ns: Namespace = { metadata: { name: 'team-a' } };
    applyDefaults('Namespace', obj(ns));
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  it('a node without allocatable gets its capacity', () => {
    const node: Node = { metadata: { name: 'n1' }, status: { capacity: { cpu: '2' } } };
    applyDefaults('Node', obj(node));
    expect(node.status!.allocatable).toEqual({ cpu: '2' });
  });

  it('endpoint ports default to TCP', () => {
    const ep = { subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] };
    applyDefaults('Endpoints', obj(ep));
    expect(ep.subsets[0]!.ports[0]).toEqual({ port: 80, protocol: 'TCP' });
  });

  it('unknown kinds are left untouched', () => {
    const o = { kind: 'Widget', spec: {} };
    applyDefaults('Widget', obj(o));
    expect(o).toEqual({ kind: 'Widget', spec: {} });
  });
});
