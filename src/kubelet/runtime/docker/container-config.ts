// Pure translation of a pod into Docker create options: the sandbox (network none, shareable IPC, pause image)
// and app containers that join its network and IPC namespaces, with env, command/args (with $(VAR) expansion
// as Kubernetes does), working dir, bind-mounted volumes and limits. Never sets an oom_score_adj: these
// machines refuse negative ones.
import path from 'node:path';
import type Docker from 'dockerode';
import type { Container, EnvVar, Pod } from '../../../api/types';
import { tryParseQuantity } from '../../../api/quantity';
import { podHostname } from '../../network';
import { containerLabels, dockerName, LABEL_RESTART_COUNT, sandboxLabels, SANDBOX_NAME } from '../labels';
import { podFileBinds, type PodFiles } from './pod-files';

export interface ContainerContext {
  sandboxId: string;
  podIp: string;
  hash: string;
  restartCount: number;
  /** Volume name → host path (see volumeSources). */
  volumes: ReadonlyMap<string, string>;
  extraEnv?: readonly EnvVar[];
  nodeName?: string;
  /** The pod's resolv.conf and hosts on the node (see writePodFiles), mounted at /etc. */
  podFiles?: PodFiles;
}

export function sandboxConfig(
  pod: Pod,
  podIp: string,
  image: string,
  attempt: number,
): Docker.ContainerCreateOptions {
  return {
    name: dockerName(pod, SANDBOX_NAME, attempt),
    Image: image,
    Hostname: podHostname(pod),
    Labels: { ...sandboxLabels(pod, podIp), [LABEL_RESTART_COUNT]: String(attempt) },
    HostConfig: { NetworkMode: 'none', IpcMode: 'shareable', RestartPolicy: { Name: 'no' } },
  };
}

function fieldValue(pod: Pod, fieldPath: string, ctx: ContainerContext): string {
  const m = pod.metadata ?? {};
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (label) return (label[1] === 'labels' ? m.labels : m.annotations)?.[label[2]!] ?? '';
  const values: Record<string, string | undefined> = {
    'metadata.name': m.name,
    'metadata.namespace': m.namespace,
    'metadata.uid': m.uid,
    'spec.nodeName': pod.spec?.nodeName ?? ctx.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.podIP': ctx.podIp,
  };
  return values[fieldPath] ?? '';
}

/** Replaces $(VAR) with earlier-defined values; $$(VAR) stays literal $(VAR); unknown references are kept. */
export function expand(input: string, vars: ReadonlyMap<string, string>): string {
  return input.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name?: string) =>
    match === '$$' ? '$' : (vars.get(name!) ?? match),
  );
}

export function containerEnv(pod: Pod, container: Container, ctx: ContainerContext): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of [...(ctx.extraEnv ?? []), ...(container.env ?? [])]) {
    let value = e.value !== undefined ? expand(e.value, env) : '';
    if (e.valueFrom?.fieldRef) value = fieldValue(pod, e.valueFrom.fieldRef.fieldPath, ctx);
    env.delete(e.name); // a later definition wins, and keeps its own position
    env.set(e.name, value);
  }
  return env;
}

function binds(container: Container, volumes: ReadonlyMap<string, string>): string[] {
  return (container.volumeMounts ?? []).map((m) => {
    const source = volumes.get(m.name);
    if (source === undefined) throw new Error(`volumeMount "${m.name}": no volume of that name in the pod`);
    const host = m.subPath ? path.join(source, m.subPath) : source;
    return `${host}:${m.mountPath}${m.readOnly ? ':ro' : ''}`;
  });
}

function limits(container: Container): { Memory?: number; NanoCpus?: number } {
  const l = container.resources?.limits ?? {};
  const memory = l.memory !== undefined ? tryParseQuantity(String(l.memory)) : undefined;
  const cpu = l.cpu !== undefined ? tryParseQuantity(String(l.cpu)) : undefined;
  return {
    ...(memory ? { Memory: Number(memory.value()) } : {}),
    ...(cpu ? { NanoCpus: Number(cpu.milliValue()) * 1_000_000 } : {}),
  };
}

export function appContainerConfig(
  pod: Pod,
  container: Container,
  ctx: ContainerContext,
): Docker.ContainerCreateOptions {
  const env = containerEnv(pod, container, ctx);
  const ex = (list?: string[]) => list?.map((s) => expand(s, env));
  return {
    name: dockerName(pod, container.name, ctx.restartCount),
    Image: container.image,
    Labels: containerLabels(pod, container.name, ctx.hash, ctx.restartCount),
    Env: [...env].map(([k, v]) => `${k}=${v}`),
    ...(container.command?.length ? { Entrypoint: ex(container.command) } : {}),
    ...(container.args?.length ? { Cmd: ex(container.args) } : {}),
    ...(container.workingDir ? { WorkingDir: container.workingDir } : {}),
    Tty: container.tty ?? false,
    OpenStdin: container.stdin ?? false,
    StdinOnce: container.stdinOnce ?? false,
    HostConfig: {
      NetworkMode: `container:${ctx.sandboxId}`,
      IpcMode: `container:${ctx.sandboxId}`,
      Binds: [
        ...binds(container, ctx.volumes),
        ...(ctx.podFiles ? podFileBinds(container, ctx.podFiles) : []),
      ],
      RestartPolicy: { Name: 'no' },
      Privileged: container.securityContext?.privileged ?? false,
      ...limits(container),
    },
  };
}
