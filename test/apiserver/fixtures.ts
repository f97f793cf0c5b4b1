// Manifests for the kubectl specs: a pod, a service and a replication controller in the shape of the seed's
// guestbook, plus helpers to vary names so that tests sharing one server never collide.

export function podYaml(
  name: string,
  labels: Record<string, string> = { app: name },
  nodeName?: string,
): string {
  const labelLines = Object.entries(labels)
    .map(([k, v]) => `    ${k}: ${v}`)
    .join('\n');
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
${labelLines}
spec:
${nodeName ? `  nodeName: ${nodeName}\n` : ''}  containers:
  - name: web
    image: nginx:1.25
    ports:
    - containerPort: 80
`;
}

export function serviceYaml(name: string, selector: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${selector}
  ports:
  - port: 80
    targetPort: 80
`;
}

export function rcYaml(name: string, replicas: number, image = 'nginx:1.25'): string {
  return `apiVersion: v1
kind: ReplicationController
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: web
        image: ${image}
`;
}

export function nodeYaml(name: string): string {
  return `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
    kubernetes.io/hostname: ${name}
status:
  capacity:
    cpu: "4"
    memory: 8Gi
    pods: "110"
  allocatable:
    cpu: "4"
    memory: 8Gi
    pods: "110"
`;
}

export function eventYaml(name: string, pod: string, uid: string): string {
  return `apiVersion: v1
kind: Event
metadata:
  name: ${name}
involvedObject:
  kind: Pod
  name: ${pod}
  namespace: default
  uid: ${uid}
reason: Scheduled
message: Successfully assigned default/${pod} to n1
type: Normal
source:
  component: default-scheduler
firstTimestamp: "2026-01-01T00:00:00Z"
lastTimestamp: "2026-01-01T00:00:00Z"
count: 1
`;
}
