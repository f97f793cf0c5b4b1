// Pod defaults, as Kubernetes v1 SetDefaults_Pod/PodSpec/Container do: the fields validation then
// requires (restartPolicy, dnsPolicy, imagePullPolicy, protocols, termination message) get values.
import type { Container, Pod, PodSpec, PodStatus } from '../types';

/** `Always` for `:latest` or an untagged image (it may move), else `IfNotPresent`. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent'; // pinned by digest
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

type Probe = NonNullable<Container['livenessProbe']>;

function defaultProbe(probe: Probe | undefined): void {
  if (!probe) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  if (probe.httpGet) {
    probe.httpGet.path ??= '/';
    probe.httpGet.scheme ??= 'HTTP';
  }
}

export function defaultContainer(c: Container): void {
  if (!c.imagePullPolicy && typeof c.image === 'string') c.imagePullPolicy = defaultPullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const port of c.ports ?? []) port.protocol ??= 'TCP';
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
}

export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) if (c) defaultContainer(c);
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) if (c) defaultContainer(c);
}

export function defaultPod(pod: Pod): void {
  if (pod.spec && typeof pod.spec === 'object') defaultPodSpec(pod.spec);
}

/**
 * The status a new pod starts with. Not part of applyDefaults: status is the registry's to set on
 * create (a client's status is ignored there), so the pod strategy calls this in PrepareForCreate.
 */
export function initialPodStatus(): PodStatus {
  return { phase: 'Pending' };
}
