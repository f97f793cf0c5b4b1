// `up --components-in-docker`: the control plane (apiserver, controller-manager, scheduler) and cluster DNS run
// as containers on our own dockerd, from the images of component-image.ts; kubelets and proxies stay host
// processes, since they manage the node's network (as in 2014). A container shares the host network (the
// apiserver binds the bridge address, DNS port 53 on it), sees $K8TS_HOME at the same path (certificates, the
// data dir, kubeconfigs; the log file $K8TS_HOME/logs/<name>.log, which its entrypoint appends to), runs
// docker-init as its PID 1 (signals reach node, children are reaped) and is never restarted by Docker: `up`
// restarts a dead one as it does a process. The PID of that init is written to the component's pid file,
// and its command line names the verb and /opt/k8ts, so processes.ts tells it alive or dead, and stops it, the
// same way as any component. Calls here are synchronous (the docker CLI), like starting a process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { dockerdPaths } from '../kubelet/runtime';
import {
  CONTAINER_VERBS,
  ensureComponentImages,
  type ComponentImages,
  type ContainerVerb,
} from './component-image';
import type { ComponentPlan } from './components';
import { nodeDockerRoot } from './node-runtime';
import { repoRoot, type ClusterPaths } from './paths';
import { pidFile } from './processes';

export const LABEL_COMPONENT = 'io.k8ts.component';
export const LABEL_HOME = 'io.k8ts.home';

/** Whether this component runs as a container when the cluster's components are in Docker. */
export const runsInContainer = (
  c: Pick<ComponentPlan, 'verb' | 'netns'>,
): c is ComponentPlan & { verb: ContainerVerb } =>
  !c.netns && (CONTAINER_VERBS as readonly string[]).includes(c.verb);

/** Our dockerd serves one cluster, so the component's name is enough to tell its container apart. */
export const containerNameOf = (name: string): string => `k8ts-${name}`;

/** The `docker run` arguments of a component's container (pure). */
export function containerRunArgs(paths: ClusterPaths, c: ComponentPlan, image: string): string[] {
  const home = path.resolve(paths.home);
  const env = [`K8TS_COMPONENT=${c.name}`, `K8TS_LOG=${path.join(home, 'logs', `${c.name}.log`)}`];
  if (process.env.K8TS_LOG_LEVEL) env.push(`K8TS_LOG_LEVEL=${process.env.K8TS_LOG_LEVEL}`);
  return [
    ...['run', '--detach', '--name', containerNameOf(c.name), '--init', '--network', 'host'],
    ...['--restart', 'no', '--label', `${LABEL_COMPONENT}=${c.name}`, '--label', `${LABEL_HOME}=${home}`],
    ...['--volume', `${home}:${home}`],
    ...env.flatMap((e) => ['--env', e]),
    image,
    // The image's entrypoint names the verb.
    ...c.args.slice(1),
  ];
}

const socketOf = (paths: ClusterPaths) => dockerdPaths(nodeDockerRoot(paths)).socket;

function docker(paths: ClusterPaths, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync('docker', ['--host', `unix://${socketOf(paths)}`, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return {
    ok: r.status === 0,
    out: (r.stdout ?? '').trim(),
    err: (r.stderr ?? r.error?.message ?? '').trim(),
  };
}

/** Replaces the component's container with a new one from image and records its PID; returns the PID (0 when
 * it exited at once: `up` then sees it dead and says where its log is). */
export function startComponentContainer(paths: ClusterPaths, c: ComponentPlan, image: string): number {
  mkdirSync(paths.logs, { recursive: true });
  mkdirSync(paths.run, { recursive: true });
  docker(paths, ['rm', '--force', containerNameOf(c.name)]);
  const run = docker(paths, containerRunArgs(paths, c, image));
  if (!run.ok) throw new Error(`could not start the ${c.name} container: ${run.err}`);
  const pid = Number(docker(paths, ['inspect', '--format', '{{.State.Pid}}', run.out]).out) || 0;
  if (pid) writeFileSync(pidFile(paths, c.name), `${pid}\n`);
  return pid;
}

export interface ComponentContainer {
  id: string;
  name: string;
  image: string;
  /** Docker's state: running, exited, created, … */
  state: string;
}

/** The containers of this cluster's components on our dockerd; none when it is not running. */
export function componentContainers(paths: ClusterPaths): ComponentContainer[] {
  const format = `{{.ID}}\t{{.Label "${LABEL_COMPONENT}"}}\t{{.Image}}\t{{.State}}`;
  const filter = `label=${LABEL_HOME}=${path.resolve(paths.home)}`;
  const r = docker(paths, ['ps', '--all', '--no-trunc', '--filter', filter, '--format', format]);
  if (!r.ok) return [];
  return r.out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id = '', name = '', image = '', state = ''] = line.split('\t');
      return { id, name, image, state };
    });
}

/** Removes this cluster's component containers (only those with our labels); returns their names. */
export async function removeComponentContainers(paths: ClusterPaths): Promise<string[]> {
  const d = new Docker({ socketPath: socketOf(paths) });
  const home = path.resolve(paths.home);
  let found: Docker.ContainerInfo[];
  try {
    found = await d.listContainers({ all: true, filters: { label: [`${LABEL_HOME}=${home}`] } });
  } catch {
    return []; // no daemon: nothing of ours can be running; the next up replaces what it finds by name
  }
  await Promise.all(found.map((c) => d.getContainer(c.Id).remove({ force: true })));
  return found.map((c) => c.Labels[LABEL_COMPONENT] ?? c.Id.slice(0, 12));
}

/** Builds the component images that are missing on our (running) dockerd. */
export async function ensureContainerImages(
  paths: ClusterPaths,
  progress: (detail: string) => void,
): Promise<ComponentImages> {
  const d = new Docker({ socketPath: socketOf(paths) });
  const started = Date.now();
  const images = await ensureComponentImages(d, { root: repoRoot, progress });
  if (images.built)
    progress(
      `built ${images.base} (${(images.bytes / 1e6).toFixed(0)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  return images;
}
