// The objects the scheduler benchmark writes, as JSON bodies: hollow nodes (Ready, 32 cpu / 128Gi / 110
// pods, as a kubelet with the fake runtime registers them), services that select the pods (so spreading
// is exercised), and small pods requesting 100m / 128Mi.

export const SERVICES = 100;

const json = (o: object) => JSON.stringify(o);

export const namespaceBody = (name: string) =>
  json({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

export function nodeBody(i: number): string {
  const name = `hollow-${i}`;
  return json({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
  });
}

/** The status a kubelet reports, written with the resourceVersion the create answered. */
export function nodeStatusBody(i: number, resourceVersion: string): string {
  const resources = { cpu: '32', memory: '128Gi', pods: '110' };
  return json({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `hollow-${i}`, resourceVersion },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      addresses: [{ type: 'InternalIP', address: `10.240.${Math.floor(i / 250)}.${(i % 250) + 2}` }],
    },
  });
}

export function serviceBody(i: number): string {
  return json({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `svc-${i}` },
    spec: { selector: { app: `svc-${i}` }, ports: [{ port: 80 }] },
  });
}

export function podBody(name: string, i: number): string {
  return json({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: `svc-${i % SERVICES}` } },
    spec: {
      containers: [
        { name: 'c', image: 'busybox', resources: { requests: { cpu: '100m', memory: '128Mi' } } },
      ],
    },
  });
}
