// The objects the apiserver benchmark writes: a valid, realistic Pod of about 1 KB of JSON (labels,
// annotations, two containers with ports, env and resources), and the same size of value for the raw store.

/** Annotation that carries the client's send time (epoch ms), so watchers can measure delivery delay. */
export const SENT_AT = 'bench.k8ts.io/sent-at';

export function benchPod(name: string, annotations: Record<string, string> = {}): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: { app: 'bench', tier: 'backend', release: 'stable', shard: name.slice(-1) },
      annotations: { 'bench.k8ts.io/owner': 'apiserver-benchmark', ...annotations },
    },
    spec: {
      restartPolicy: 'Always',
      containers: [
        {
          name: 'web',
          image: 'nginx:1.25',
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
          env: [
            { name: 'MODE', value: 'benchmark' },
            { name: 'LOG_LEVEL', value: 'info' },
          ],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
        },
        {
          name: 'sidecar',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'while true; do sleep 3600; done'],
          resources: { requests: { cpu: '10m', memory: '16Mi' } },
        },
      ],
    },
  };
}

/** What the registry stores for a benchPod, give or take defaults: the value the raw store is asked to put. */
export const RAW_VALUE = JSON.stringify({
  ...benchPod('raw-000000'),
  status: { phase: 'Pending', qosClass: 'Burstable' },
  padding: 'x'.repeat(200),
});
