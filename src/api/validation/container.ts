// One container of a pod spec: name, image, ports, env, volume mounts, resources, probes and the
// per-container policies. Cross-container rules (unique names, host ports) live in pod.ts.
import { fieldErrors, type FieldError } from '../errors';
import type { Container, ContainerPort, EnvVar, VolumeMount } from '../types';
import { child, index } from './field-path';
import { isDNS1123Label, isEnvVarName, isValidPortName, isValidPortNum } from './names';
import { validateProbe } from './probe';
import { validateResourceRequirements } from './resources';
import { isInt, listAt, objectAt } from './shape';

export const SUPPORTED_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

/** Empty → Required, unknown → Unsupported value (with the supported list), as Kubernetes words both. */
export function validateEnum(value: unknown, supported: readonly string[], path: string): FieldError[] {
  if (value === undefined || value === null || value === '') return [fieldErrors.required(path)];
  return supported.includes(value as string) ? [] : [fieldErrors.notSupported(path, value, supported)];
}

export function validateProtocol(protocol: unknown, path: string): FieldError[] {
  return validateEnum(protocol, SUPPORTED_PROTOCOLS, path);
}

function validatePorts(ports: unknown, path: string, errs: FieldError[]): void {
  const names = new Set<string>();
  listAt<ContainerPort>(ports, path, errs).forEach((port, i) => {
    const p = index(path, i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      for (const msg of msgs) errs.push(fieldErrors.invalid(child(p, 'name'), port.name, msg));
      if (!msgs.length && names.has(port.name)) errs.push(fieldErrors.duplicate(child(p, 'name'), port.name));
      names.add(port.name);
    }
    if (!port.containerPort) errs.push(fieldErrors.required(child(p, 'containerPort')));
    else
      for (const msg of isValidPortNum(port.containerPort))
        errs.push(fieldErrors.invalid(child(p, 'containerPort'), port.containerPort, msg));
    if (port.hostPort)
      for (const msg of isValidPortNum(port.hostPort))
        errs.push(fieldErrors.invalid(child(p, 'hostPort'), port.hostPort, msg));
    errs.push(...validateProtocol(port.protocol, child(p, 'protocol')));
  });
}

function validateEnv(env: unknown, path: string, errs: FieldError[]): void {
  listAt<EnvVar>(env, path, errs).forEach((ev, i) => {
    const p = index(path, i);
    if (!ev.name) errs.push(fieldErrors.required(child(p, 'name')));
    else
      for (const msg of isEnvVarName(ev.name)) errs.push(fieldErrors.invalid(child(p, 'name'), ev.name, msg));
    if (ev.valueFrom && ev.value)
      errs.push(
        fieldErrors.invalid(child(p, 'valueFrom'), '', 'may not be specified when `value` is not empty'),
      );
  });
}

function validateVolumeMounts(
  mounts: unknown,
  volumes: ReadonlySet<string>,
  path: string,
  errs: FieldError[],
): void {
  const mountPoints = new Set<string>();
  listAt<VolumeMount>(mounts, path, errs).forEach((m, i) => {
    const p = index(path, i);
    if (!m.name) errs.push(fieldErrors.required(child(p, 'name')));
    else if (!volumes.has(m.name)) errs.push(fieldErrors.notFound(child(p, 'name'), m.name));
    if (!m.mountPath) errs.push(fieldErrors.required(child(p, 'mountPath')));
    else if (mountPoints.has(m.mountPath))
      errs.push(fieldErrors.invalid(child(p, 'mountPath'), m.mountPath, 'must be unique'));
    if (m.mountPath) mountPoints.add(m.mountPath);
  });
}

/** Everything about one container that does not depend on its siblings. */
export function validateContainer(
  container: unknown,
  volumes: ReadonlySet<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const c = objectAt<Container>(container, path, errs);
  if (!c.name) errs.push(fieldErrors.required(child(path, 'name')));
  else
    for (const msg of isDNS1123Label(c.name))
      errs.push(fieldErrors.invalid(child(path, 'name'), c.name, msg));
  if (!c.image) errs.push(fieldErrors.required(child(path, 'image')));
  else if (c.image.trim() !== c.image)
    errs.push(
      fieldErrors.invalid(child(path, 'image'), c.image, 'must not have leading or trailing whitespace'),
    );
  listAt(c.command, child(path, 'command'), errs);
  listAt(c.args, child(path, 'args'), errs);
  validatePorts(c.ports, child(path, 'ports'), errs);
  validateEnv(c.env, child(path, 'env'), errs);
  validateVolumeMounts(c.volumeMounts, volumes, child(path, 'volumeMounts'), errs);
  errs.push(...validateResourceRequirements(c.resources, child(path, 'resources')));
  errs.push(...validateProbe(c.livenessProbe, child(path, 'livenessProbe'), true));
  errs.push(...validateProbe(c.readinessProbe, child(path, 'readinessProbe'), false));
  errs.push(...validateEnum(c.imagePullPolicy, PULL_POLICIES, child(path, 'imagePullPolicy')));
  errs.push(
    ...validateEnum(
      c.terminationMessagePolicy,
      TERMINATION_MESSAGE_POLICIES,
      child(path, 'terminationMessagePolicy'),
    ),
  );
  return errs;
}

/** Containers: at least one, names unique within the pod, host ports unique per protocol. */
export function validateContainers(
  containers: unknown,
  volumes: ReadonlySet<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const list = listAt<Container>(containers, path, errs);
  // A non-list was already reported as such; only a missing or empty list is "Required".
  if (list.length === 0) return errs.length ? errs : [fieldErrors.required(path)];
  const names = new Set<string>();
  const hostPorts = new Set<string>();
  list.forEach((c, i) => {
    const p = index(path, i);
    errs.push(...validateContainer(c, volumes, p));
    if (c?.name && names.has(c.name)) errs.push(fieldErrors.duplicate(child(p, 'name'), c.name));
    if (c?.name) names.add(c.name);
    (Array.isArray(c?.ports) ? c.ports : []).forEach((port, j) => {
      if (!isInt(port?.hostPort) || port.hostPort === 0) return;
      const id = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${port.hostPort}`;
      if (hostPorts.has(id))
        errs.push(fieldErrors.duplicate(child(index(child(p, 'ports'), j), 'hostPort'), id));
      hostPorts.add(id);
    });
  });
  return errs;
}
