// DockerRuntime: the Runtime on a dockerd (DESIGN.md §4). A pod is a pause sandbox with `--network none`, wired
// by the NetworkPlugin, plus app containers joining its network and IPC namespaces. Everything it knows comes
// from container labels, so a new instance (a restarted kubelet) adopts running pods instead of restarting them.
// It never pulls: a missing image is ErrImagePull at once. App containers get the pod's resolv.conf and hosts
// (pod-files.ts); the sandbox's network set-up also opens the pod's host ports.
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import type { Pod } from '../../../api/types';
import { hostPortsOf, type IpAllocator, type NetworkPlugin } from '../../network';
import { ErrImagePull, containerNotFound, translateExecError } from '../errors';
import { LABEL_MANAGED, LABEL_NODE, LABEL_POD_UID, parseLabels } from '../labels';
import { planPod, type ObservedPod, type PodActions } from '../plan';
import type {
  AttachOptions,
  AttachSession,
  ContainerRuntimeStatus,
  ExecOptions,
  ExecResult,
  ExecSession,
  LogOptions,
  PodRuntimeStatus,
  Runtime,
  RuntimePod,
  SyncPodOptions,
} from '../runtime';
import { createApps, createContainer, type CreatedApp } from './app-containers';
import { attachStream } from './attach';
import { sandboxConfig } from './container-config';
import { containerLogs, execBuffered, execStream } from './exec';
import { InspectCache } from './inspect-cache';
import { statusFromInspect } from './inspect-status';
import { attemptsOf, garbage, groupPods, latestByName, sandboxesOf, type Listed } from './pod-containers';
import { DEFAULT_POD_DNS, type PodDnsOptions } from './pod-files';
import { removePodDir } from './volumes';

export interface DockerRuntimeOptions {
  docker: Docker;
  /** The kubelet root dir: pod volumes live under <rootDir>/pods/<uid>. */
  rootDir: string;
  network: NetworkPlugin;
  ips: IpAllocator;
  pauseImage?: string;
  nodeName?: string;
  /** --cluster-dns and --cluster-domain, for the pods' resolv.conf; default: no cluster DNS, cluster.local. */
  dns?: PodDnsOptions;
}

interface StartFailure {
  reason: string;
  message: string;
  image: string;
}

/** Exit codes Docker answers for a container that is already stopped or gone. */
const isGoneOrStopped = (err: unknown) =>
  [304, 404].includes((err as { statusCode?: number }).statusCode ?? 0);

export class DockerRuntime implements Runtime {
  private readonly docker: Docker;
  private readonly pauseImage: string;
  /** Why a container could not be started, per pod and container: shown as its waiting reason. */
  private readonly failures = new Map<string, Map<string, StartFailure>>();
  private readonly pods = new Map<string, { name: string; namespace: string; order: string[] }>();
  /** Why an attempt was killed (killContainer), per pod and container: its terminated message. */
  private readonly killed = new Map<string, Map<string, { id: string; reason: string }>>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly inspects: InspectCache;

  constructor(private readonly options: DockerRuntimeOptions) {
    this.docker = options.docker;
    this.pauseImage = options.pauseImage ?? 'k8ts/pause:1';
    this.inspects = new InspectCache(options.docker);
  }

  /** After a restart: rebuilds the IP leases from the running sandboxes' labels. Returns the adopted pods. */
  async recover(): Promise<RuntimePod[]> {
    const pods = await this.listPods();
    const wired = pods.filter((p) => p.podIp && p.sandboxId);
    this.options.ips.rebuild(wired.map((p) => ({ ip: p.podIp!, owner: p.uid })));
    // What the network keeps for pods that are gone (their host ports) goes; adopted pods keep theirs.
    await this.options.network.reconcile?.(wired.map((p) => p.uid));
    return pods;
  }

  syncPod(pod: Pod, options: SyncPodOptions = {}): Promise<PodRuntimeStatus> {
    const uid = pod.metadata?.uid;
    if (!uid) return Promise.reject(new Error('pod has no metadata.uid'));
    return this.withLock(uid, () => this.doSyncPod(uid, pod, options));
  }

  private async doSyncPod(uid: string, pod: Pod, options: SyncPodOptions): Promise<PodRuntimeStatus> {
    this.pods.set(uid, {
      name: pod.metadata?.name ?? '',
      namespace: pod.metadata?.namespace ?? 'default',
      order: (pod.spec?.containers ?? []).map((c) => c.name),
    });
    const listed = await this.list(uid);
    const observed = await this.observe(listed);
    const plan = planPod(pod, observed, options.holdRestart);
    const grace = pod.spec?.terminationGracePeriodSeconds ?? 30;
    const sandboxes = sandboxesOf(listed);

    await Promise.all(plan.kill.map((k) => this.stop(k.id, grace, k.reason === 'never started')));
    const failures = this.failures.get(uid) ?? new Map<string, StartFailure>();
    this.failures.set(uid, failures);
    let created: CreatedApp[] = [];
    if (plan.createSandbox) {
      for (const old of sandboxes) await this.stop(old.id, 0, true);
      if (sandboxes.length) await this.options.network.tearDownPod(uid);
      const attempt = sandboxes.length ? Math.max(...sandboxes.map((s) => s.labels.restartCount)) + 1 : 0;
      created = await this.createSandbox(pod, uid, attempt, plan.start, options, failures);
    } else {
      const running = sandboxes.find((s) => s.state === 'running');
      if (plan.start.length && running) {
        const sandbox = { id: running.id, podIp: running.labels.podIp ?? '' };
        created = await this.createApps(pod, sandbox, plan.start, options, failures);
      }
    }
    // In spec order, one after another, as Kubernetes starts a pod's containers.
    let firstError = created.find((c) => c.error)?.error;
    for (const app of created) {
      if (!app.container) continue;
      try {
        await app.container.start();
        failures.delete(app.name);
      } catch (err) {
        failures.set(app.name, {
          reason: 'CreateContainerError',
          message: (err as Error).message,
          image: app.image,
        });
        firstError ??= err as Error;
      }
    }
    const changed = plan.kill.length > 0 || plan.createSandbox || created.length > 0;
    const status = await this.statusOf(uid, changed ? await this.collectGarbage(uid) : listed);
    if (firstError) throw firstError;
    return status!;
  }

  /**
   * A new sandbox, wired, with the pod's app containers created beside it: they are created (from the pod's
   * files, written first) while the sandbox starts and its network is set up, and only started once it is.
   * If the sandbox cannot be started or wired, or the files not written, it goes, its network and they too.
   */
  private async createSandbox(
    pod: Pod,
    uid: string,
    attempt: number,
    start: PodActions['start'],
    options: SyncPodOptions,
    failures: Map<string, StartFailure>,
  ): Promise<CreatedApp[]> {
    const ips = this.options.ips;
    if (options.podIp) ips.reserve(uid, options.podIp);
    const podIp = options.podIp ?? ips.allocate(uid);
    const config = this.ofThisNode(sandboxConfig(pod, podIp, this.pauseImage, attempt));
    const sandbox = await createContainer(this.docker, config, 'POD');
    const wired = this.wire(pod, uid, sandbox, podIp);
    const apps = start.length
      ? this.createApps(pod, { id: sandbox.id, podIp }, start, options, failures)
      : Promise.resolve([]);
    const [w, a] = await Promise.allSettled([wired, apps]);
    if (w.status === 'fulfilled' && a.status === 'fulfilled') return a.value;
    const made =
      a.status === 'fulfilled' ? a.value.flatMap((c) => (c.container ? [c.container.id] : [])) : [];
    await Promise.all([...made, sandbox.id].map((id) => this.stop(id, 0, true)));
    await this.options.network.tearDownPod(uid); // what a half-done set-up left (veth, host ports)
    throw w.status === 'rejected' ? w.reason : (a as PromiseRejectedResult).reason;
  }

  /** Starts the sandbox and gives it the pod's network (and host ports). */
  private async wire(pod: Pod, uid: string, sandbox: Docker.Container, podIp: string): Promise<void> {
    await sandbox.start();
    const pid = (await sandbox.inspect()).State.Pid;
    await this.options.network.setUpPod({
      podUid: uid,
      netnsPath: `/proc/${pid}/ns/net`,
      podIp,
      podName: `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`,
      hostPorts: hostPortsOf(pod),
    });
  }

  /** Creates the containers of `start` (see createApps); one that cannot be created is recorded as failed. */
  private async createApps(
    pod: Pod,
    sandbox: { id: string; podIp: string },
    start: PodActions['start'],
    options: SyncPodOptions,
    failures: Map<string, StartFailure>,
  ): Promise<CreatedApp[]> {
    const o = this.options;
    const ctx = {
      docker: this.docker,
      rootDir: o.rootDir,
      dns: o.dns ?? DEFAULT_POD_DNS,
      nodeName: o.nodeName,
      extraEnv: options.extraEnv,
      finish: (c: Docker.ContainerCreateOptions) => this.ofThisNode(c),
    };
    const created = await createApps(ctx, pod, sandbox, start);
    for (const { name, image, error } of created) {
      const reason = error instanceof ErrImagePull ? 'ErrImagePull' : 'CreateContainerError';
      if (error) failures.set(name, { reason, message: error.message, image });
    }
    return created;
  }

  async killPod(podUid: string, gracePeriodSeconds: number): Promise<void> {
    await this.withLock(podUid, async () => {
      const listed = await this.list(podUid);
      const apps = listed.filter((c) => !c.labels.sandbox);
      await Promise.all(apps.map((c) => this.stop(c.id, gracePeriodSeconds, false)));
      await this.options.network.tearDownPod(podUid);
      await Promise.all(listed.filter((c) => c.labels.sandbox).map((c) => this.stop(c.id, 0, false)));
      await Promise.all(listed.map((c) => this.remove(c.id)));
      this.options.ips.release(podUid);
      await removePodDir(this.options.rootDir, podUid);
      this.failures.delete(podUid);
      this.killed.delete(podUid);
      this.pods.delete(podUid);
    });
  }

  killContainer(
    podUid: string,
    containerName: string,
    gracePeriodSeconds: number,
    reason?: string,
  ): Promise<void> {
    return this.withLock(podUid, async () => {
      const latest = attemptsOf(await this.list(podUid), containerName)[0];
      if (!latest) throw containerNotFound(podUid, containerName);
      if (latest.state !== 'running') return;
      if (reason) {
        const reasons = this.killed.get(podUid) ?? new Map<string, { id: string; reason: string }>();
        this.killed.set(podUid, reasons);
        reasons.set(containerName, { id: latest.id, reason });
      }
      await this.stop(latest.id, gracePeriodSeconds, false);
    });
  }

  async listPods(): Promise<RuntimePod[]> {
    return groupPods(await this.list());
  }

  async getPodStatus(podUid: string): Promise<PodRuntimeStatus | undefined> {
    return this.statusOf(podUid, await this.list(podUid));
  }

  private async statusOf(podUid: string, listed: Listed[]): Promise<PodRuntimeStatus | undefined> {
    const known = this.pods.get(podUid);
    if (!listed.length && !known) return undefined;
    const sandbox = sandboxesOf(listed)[0];
    const latest = latestByName(listed);
    const containers: ContainerRuntimeStatus[] = [];
    const killed = this.killed.get(podUid);
    for (const c of latest.values()) {
      const status = statusFromInspect(await this.inspects.inspect(c.id, c.state));
      const kill = killed?.get(status.name);
      if (kill?.id === c.id && status.state === 'exited' && !status.message) status.message = kill.reason;
      containers.push(status);
    }
    for (const [name, f] of this.failures.get(podUid) ?? []) {
      const prior = containers.findIndex((c) => c.name === name);
      const waiting: ContainerRuntimeStatus = {
        name,
        id: '',
        image: f.image,
        imageId: '',
        hash: '',
        state: 'waiting',
        reason: f.reason,
        message: f.message,
        restartCount: prior >= 0 ? containers[prior]!.restartCount : 0,
      };
      if (prior >= 0) containers[prior] = waiting;
      else containers.push(waiting);
    }
    // Spec order when this runtime has synced the pod, creation order for an adopted one.
    const order = known?.order ?? [];
    const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
    containers.sort((a, b) => rank(a.name) - rank(b.name));
    const any = listed[0]?.labels;
    return {
      uid: podUid,
      name: known?.name ?? any?.podName ?? '',
      namespace: known?.namespace ?? any?.podNamespace ?? '',
      ...(sandbox?.state === 'running' && sandbox.labels.podIp ? { podIp: sandbox.labels.podIp } : {}),
      sandboxReady: sandbox?.state === 'running',
      containers,
    };
  }

  async logs(podUid: string, container: string, options: LogOptions = {}): Promise<Readable> {
    const target = await this.find(podUid, container, options.previous ? 1 : 0);
    return containerLogs(this.docker.getContainer(target), options);
  }

  async exec(
    podUid: string,
    container: string,
    cmd: readonly string[],
    options?: ExecOptions,
  ): Promise<ExecResult> {
    const target = this.docker.getContainer(await this.find(podUid, container, 0));
    return execBuffered(target, cmd, options).catch((err) =>
      Promise.reject(translateExecError(err, container)),
    );
  }

  async execStream(
    podUid: string,
    container: string,
    cmd: readonly string[],
    options?: { stdin?: boolean; tty?: boolean },
  ): Promise<ExecSession> {
    const target = this.docker.getContainer(await this.find(podUid, container, 0));
    return execStream(target, cmd, options).catch((err) =>
      Promise.reject(translateExecError(err, container)),
    );
  }

  async attach(podUid: string, container: string, options: AttachOptions): Promise<AttachSession> {
    const target = this.docker.getContainer(await this.find(podUid, container, 0));
    return attachStream(target, container, options);
  }

  async imagePresent(image: string): Promise<boolean> {
    if (!image) return false;
    try {
      await this.docker.getImage(image).inspect();
      return true;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return false;
      throw err;
    }
  }

  /** The id of a container's attempt: 0 the latest, 1 the one before. */
  private async find(podUid: string, name: string, back: number): Promise<string> {
    const hit = attemptsOf(await this.list(podUid), name)[back];
    if (!hit) throw containerNotFound(podUid, name, back > 0);
    return hit.id;
  }

  /** With a node name, the container carries it: kubelets sharing one dockerd tell their containers apart. */
  private ofThisNode(config: Docker.ContainerCreateOptions): Docker.ContainerCreateOptions {
    const node = this.options.nodeName;
    return node ? { ...config, Labels: { ...config.Labels, [LABEL_NODE]: node } } : config;
  }

  /** k8ts-managed containers of this node (with a node name), of one pod or all. Only labelled containers are
   * ever listed, adopted, stopped or removed: another node's on a shared dockerd, or an unlabelled one, never. */
  private async list(podUid?: string): Promise<Listed[]> {
    const node = this.options.nodeName;
    const label = [
      `${LABEL_MANAGED}=true`,
      ...(node ? [`${LABEL_NODE}=${node}`] : []),
      ...(podUid ? [`${LABEL_POD_UID}=${podUid}`] : []),
    ];
    const infos = await this.docker.listContainers({ all: true, filters: { label } });
    if (!podUid) this.inspects.retain(infos.map((i) => i.Id));
    return infos.flatMap((i) => {
      const labels = parseLabels(i.Labels);
      return labels ? [{ id: i.Id, labels, state: i.State, created: i.Created }] : [];
    });
  }

  private async observe(listed: Listed[]): Promise<ObservedPod> {
    const sandbox = sandboxesOf(listed)[0];
    const containers = [];
    for (const c of latestByName(listed).values()) {
      const s = statusFromInspect(await this.inspects.inspect(c.id, c.state));
      containers.push({
        id: c.id,
        name: s.name,
        hash: s.hash,
        state: s.state,
        exitCode: s.exitCode,
        restartCount: s.restartCount,
      });
    }
    return {
      ...(sandbox ? { sandbox: { id: sandbox.id, running: sandbox.state === 'running' } } : {}),
      containers,
    };
  }

  /** Removes old attempts; returns what is left of the pod. */
  private async collectGarbage(podUid: string): Promise<Listed[]> {
    const listed = await this.list(podUid);
    const doomed = garbage(listed);
    await Promise.all(doomed.map((c) => this.remove(c.id)));
    return listed.filter((c) => !doomed.includes(c));
  }

  private async stop(id: string, graceSeconds: number, remove: boolean): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: Math.max(0, Math.ceil(graceSeconds)) });
    } catch (err) {
      if (!isGoneOrStopped(err)) throw err;
    }
    if (remove) await this.remove(id);
  }

  private async remove(id: string): Promise<void> {
    this.inspects.forget(id);
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      if (!isGoneOrStopped(err)) throw err;
    }
  }

  /** One operation per pod at a time: syncPod and killPod for the same pod never interleave. */
  private withLock<T>(uid: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(uid) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.locks.set(uid, settled);
    void settled.then(() => this.locks.get(uid) === settled && this.locks.delete(uid));
    return next;
  }
}
