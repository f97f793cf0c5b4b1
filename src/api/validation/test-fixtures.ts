// Valid, fully defaulted objects of every kind; validation tests break one field at a time.
import type {
  Binding,
  Endpoints,
  Event,
  Namespace,
  Node,
  Pod,
  ReplicationController,
  Service,
} from '../types';

export function pod(): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.25',
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
          env: [{ name: 'MODE', value: 'prod' }],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
          resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } },
        },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
    },
  };
}

export function service(): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'frontend', namespace: 'default' },
    spec: {
      type: 'ClusterIP',
      sessionAffinity: 'None',
      selector: { app: 'web' },
      ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
    },
  };
}

export function rc(): ReplicationController {
  const template = pod();
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { app: 'web' },
      template: { metadata: { labels: { app: 'web' } }, spec: template.spec },
    },
  };
}

export function namespace(): Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'team-a' },
    spec: { finalizers: ['kubernetes'] },
  };
}

export function node(): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1.k8ts.local' },
    spec: { podCIDR: '10.244.1.0/24' },
    status: {
      capacity: { cpu: '2', memory: '4Gi', pods: '110' },
      addresses: [{ type: 'InternalIP', address: '10.240.0.2' }],
    },
  };
}

export function endpoints(): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'frontend', namespace: 'default' },
    subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 8080, protocol: 'TCP' }] }],
  };
}

export function event(): Event {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web.17a2b', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
    reason: 'Scheduled',
    type: 'Normal',
  };
}

export function binding(): Binding {
  return {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: 'web', namespace: 'default' },
    target: { kind: 'Node', name: 'node-1' },
  };
}
