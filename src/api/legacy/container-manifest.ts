// containerManifestToPod: the seed's v1beta1 ContainerManifest → a defaulted, validated v1 Pod.
// Shape errors (a string where a list belongs) and validation errors both come back as one 422
// `ContainerManifest "<id>" is invalid: ...`, with paths in the manifest's own terms.
import { errors, fieldErrors, type FieldError } from '../errors';
import type { Container, ContainerPort, Pod, Volume, VolumeMount } from '../types';
import { applyDefaults } from '../defaults';
import { validatePod } from '../validation';
import { isRecord, listAt } from '../validation/shape';
import { toManifestErrors } from './error-paths';
import {
  SUPPORTED_MANIFEST_VERSIONS,
  type ContainerManifest,
  type ManifestContainer,
  type ManifestPort,
  type ManifestVolume,
  type ManifestVolumeMount,
} from './manifest-types';

/** 2014 static pods had no namespace; Kubernetes' kubelet puts such pods in "default". */
export const MANIFEST_NAMESPACE = 'default';

type Probe = NonNullable<Container['livenessProbe']>;

const RESTART_POLICIES: Record<string, string> = { always: 'Always', onFailure: 'OnFailure', never: 'Never' };
const PULL_POLICIES: Record<string, string> = {
  PullAlways: 'Always',
  PullNever: 'Never',
  PullIfNotPresent: 'IfNotPresent',
};

/** Collects shape errors while reading loosely typed input. */
class Reader {
  readonly errs: FieldError[] = [];

  string(v: unknown, path: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    this.errs.push(fieldErrors.typeInvalid(path, v, 'must be a string'));
    return undefined;
  }

  int(v: unknown, path: string): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    this.errs.push(fieldErrors.typeInvalid(path, v, 'must be an integer'));
    return undefined;
  }

  list<T>(v: unknown, path: string): T[] {
    return listAt<T>(v, path, this.errs).map((item, i) => {
      if (!isRecord(item) && typeof item !== 'string')
        this.errs.push(fieldErrors.typeInvalid(`${path}[${i}]`, item, 'must be an object'));
      return item;
    });
  }

  strings(v: unknown, path: string): string[] | undefined {
    if (v === undefined || v === null) return undefined;
    return listAt<unknown>(v, path, this.errs).map((s, i) => this.string(s, `${path}[${i}]`) ?? '');
  }
}

function intOrString(v: unknown): number | string | undefined {
  if (typeof v === 'string' && /^[0-9]+$/.test(v)) return Number(v);
  return typeof v === 'number' || typeof v === 'string' ? v : undefined;
}

function convertProbe(p: Record<string, unknown>): Probe {
  const probe: Probe = {};
  const http = isRecord(p.httpGet) ? p.httpGet : undefined;
  const tcp = isRecord(p.tcpSocket) ? p.tcpSocket : undefined;
  const exec = isRecord(p.exec) ? p.exec : undefined;
  if (http)
    probe.httpGet = {
      path: http.path as string,
      port: intOrString(http.port) as number,
      host: http.host as string,
    };
  if (tcp) probe.tcpSocket = { port: intOrString(tcp.port) as number };
  if (exec) probe.exec = { command: exec.command as string[] };
  if (typeof p.initialDelaySeconds === 'number') probe.initialDelaySeconds = p.initialDelaySeconds;
  if (typeof p.timeoutSeconds === 'number') probe.timeoutSeconds = p.timeoutSeconds;
  return JSON.parse(JSON.stringify(probe)) as Probe; // drop the undefined leaves
}

function resource(v: unknown, unit: 'milli' | 'bytes', path: string, r: Reader): string | undefined {
  if (v === undefined || v === null || v === 0 || v === '') return undefined; // 0 meant "no limit"
  if (typeof v === 'number') return unit === 'milli' ? `${v}m` : `${v}`;
  return r.string(v, path);
}

function convertPort(p: ManifestPort, path: string, r: Reader): ContainerPort {
  const port: ContainerPort = { containerPort: r.int(p.containerPort, `${path}.containerPort`) ?? 0 };
  const name = r.string(p.name, `${path}.name`);
  const hostPort = r.int(p.hostPort, `${path}.hostPort`);
  const protocol = r.string(p.protocol, `${path}.protocol`);
  const hostIP = r.string(p.hostIP, `${path}.hostIP`);
  if (name) port.name = name;
  if (hostPort) port.hostPort = hostPort;
  if (protocol) port.protocol = protocol.toUpperCase();
  if (hostIP) port.hostIP = hostIP;
  return port;
}

function convertMount(m: ManifestVolumeMount, path: string, r: Reader): VolumeMount {
  const mount: VolumeMount = {
    name: r.string(m.name, `${path}.name`) ?? '',
    mountPath: r.string(m.mountPath ?? m.path, `${path}.mountPath`) ?? '',
  };
  if (m.readOnly === true) mount.readOnly = true;
  return mount;
}

function convertContainer(c: ManifestContainer, path: string, r: Reader): Container {
  const out: Container = {
    name: r.string(c.name, `${path}.name`) ?? '',
    image: r.string(c.image, `${path}.image`) ?? '',
  };
  const command = r.strings(c.command, `${path}.command`);
  const workingDir = r.string(c.workingDir, `${path}.workingDir`);
  if (command) out.command = command;
  if (workingDir) out.workingDir = workingDir;
  const ports = r
    .list<ManifestPort>(c.ports, `${path}.ports`)
    .map((p, i) => convertPort(p, `${path}.ports[${i}]`, r));
  if (ports.length) out.ports = ports;
  const env = r.list<{ name?: unknown; value?: unknown }>(c.env, `${path}.env`).map((e, i) => ({
    name: r.string(e.name, `${path}.env[${i}].name`) ?? '',
    value: r.string(e.value, `${path}.env[${i}].value`) ?? '',
  }));
  if (env.length) out.env = env;
  const mounts = r.list<ManifestVolumeMount>(c.volumeMounts, `${path}.volumeMounts`);
  if (mounts.length)
    out.volumeMounts = mounts.map((m, i) => convertMount(m, `${path}.volumeMounts[${i}]`, r));
  const cpu = resource(c.cpu, 'milli', `${path}.cpu`, r);
  const memory = resource(c.memory, 'bytes', `${path}.memory`, r);
  if (cpu || memory) out.resources = { limits: { ...(cpu && { cpu }), ...(memory && { memory }) } };
  if (isRecord(c.livenessProbe)) out.livenessProbe = convertProbe(c.livenessProbe);
  const pull = r.string(c.imagePullPolicy, `${path}.imagePullPolicy`);
  if (pull) out.imagePullPolicy = PULL_POLICIES[pull] ?? pull;
  return out;
}

function convertVolume(v: ManifestVolume, path: string, r: Reader): Volume {
  const name = r.string(v.name, `${path}.name`) ?? '';
  const source = v.source;
  if (source === undefined || source === null) return { name, emptyDir: {} };
  if (!isRecord(source)) {
    r.errs.push(fieldErrors.typeInvalid(`${path}.source`, source, 'must be an object'));
    return { name, emptyDir: {} };
  }
  const hostDir = source.hostDir;
  if (hostDir !== undefined && hostDir !== null) {
    const hostPath = isRecord(hostDir) ? r.string(hostDir.path, `${path}.source.hostDir.path`) : undefined;
    return { name, hostPath: { path: hostPath ?? '' }, ...(source.emptyDir ? { emptyDir: {} } : {}) };
  }
  return { name, emptyDir: {} };
}

function convertRestartPolicy(p: unknown, r: Reader): string | undefined {
  if (p === undefined || p === null) return undefined;
  if (typeof p === 'string') return p;
  const keys = isRecord(p) ? Object.keys(p) : [];
  if (keys.length === 1 && RESTART_POLICIES[keys[0]!]) return RESTART_POLICIES[keys[0]!];
  r.errs.push(
    fieldErrors.invalid('restartPolicy', p, 'must be one of {always: {}}, {onFailure: {}}, {never: {}}'),
  );
  return undefined;
}

/** Converts, defaults and validates; throws a 422 StatusError naming the manifest's id. */
export function containerManifestToPod(manifest: unknown): Pod {
  if (!isRecord(manifest))
    throw errors.invalid('ContainerManifest', '', [
      fieldErrors.typeInvalid('', manifest, 'must be an object'),
    ]);
  const m = manifest as ContainerManifest;
  const r = new Reader();
  const id = r.string(m.id, 'id') ?? '';
  const version = r.string(m.version, 'version');
  if (!version) r.errs.push(fieldErrors.required('version'));
  else if (!SUPPORTED_MANIFEST_VERSIONS.includes(version))
    r.errs.push(fieldErrors.notSupported('version', version, SUPPORTED_MANIFEST_VERSIONS));
  if (!id) r.errs.push(fieldErrors.required('id'));
  const uuid = r.string(m.uuid, 'uuid');
  const containers = r
    .list<ManifestContainer>(m.containers, 'containers')
    .map((c, i) => convertContainer(c, `containers[${i}]`, r));
  const volumes = r
    .list<ManifestVolume>(m.volumes, 'volumes')
    .map((v, i) => convertVolume(v, `volumes[${i}]`, r));
  const restartPolicy = convertRestartPolicy(m.restartPolicy, r);
  if (r.errs.length) throw errors.invalid('ContainerManifest', id, r.errs);
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: id, namespace: MANIFEST_NAMESPACE, ...(uuid && { uid: uuid }) },
    spec: { containers, ...(volumes.length && { volumes }), ...(restartPolicy && { restartPolicy }) },
  };
  applyDefaults('Pod', pod as never);
  const errs = validatePod(pod);
  if (errs.length) throw errors.invalid('ContainerManifest', id, toManifestErrors(errs));
  return pod;
}
