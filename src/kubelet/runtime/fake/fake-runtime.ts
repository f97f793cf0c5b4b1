// FakeRuntime: the hollow node's runtime (kubemark-style). No containers, no processes: pods "start" after a
// configurable latency on the injected clock, get an IP from a real IpAllocator, and honour graceful kills. It
// runs the same planner as the Docker runtime, so restart policy behaves alike; tests drive crashes with
// exitContainer(). A container's console is silent: attach gets streams that end when the container does.
import { PassThrough, type Readable } from 'node:stream';
import type { Pod } from '../../../api/types';
import { rfc3339, realClock, type Clock } from '../../../util';
import { IpAllocator } from '../../network';
import { ErrImagePull, containerNotFound, containerNotRunning } from '../errors';
import { planPod, type ObservedPod } from '../plan';
import type {
  AttachOptions,
  AttachSession,
  ContainerRuntimeStatus,
  ExecResult,
  ExecSession,
  PodRuntimeStatus,
  Runtime,
  RuntimePod,
  SyncPodOptions,
} from '../runtime';
import { hashContainer } from '../spec-hash';

export interface FakeRuntimeOptions {
  clock?: Clock;
  /** Where pod IPs come from; default an in-memory allocator over `cidr`. */
  ips?: IpAllocator;
  /** Default 10.244.0.0/16, room for a hollow node's thousands of pods. */
  cidr?: string;
  /** Time from syncPod until new containers run; default 0 (at once). */
  startLatencyMs?: number;
  /** How long a container takes to exit after SIGTERM; beyond the grace period it is killed. Default 0. */
  stopDelayMs?: number;
  /** Images on this node; default: every image is present. */
  images?: ReadonlySet<string>;
  /** Answers exec calls; default: exit 0, no output. */
  execHandler?: (podUid: string, container: string, cmd: readonly string[]) => ExecResult;
}

interface FakeContainer extends ContainerRuntimeStatus {
  starting?: boolean;
  /** Output streams of the sessions attached to this attempt; ended when it exits. */
  consoles?: PassThrough[];
}

interface FakePod {
  uid: string;
  name: string;
  namespace: string;
  podIp: string;
  sandboxReady: boolean;
  containers: Map<string, FakeContainer>;
}

export interface FakeKill {
  podUid: string;
  gracePeriodSeconds: number;
  /** True when the containers outlived the grace period and were killed. */
  forced: boolean;
}

export interface FakeContainerKill {
  podUid: string;
  container: string;
  gracePeriodSeconds: number;
  reason?: string;
  /** True when the container outlived the grace period and was killed (exit 137; 143 after SIGTERM). */
  forced: boolean;
}

export class FakeRuntime implements Runtime {
  private readonly clock: Clock;
  private readonly ips: IpAllocator;
  private readonly pods = new Map<string, FakePod>();
  /** Every killPod that completed, in order: what tests assert graceful termination on. */
  readonly kills: FakeKill[] = [];
  /** Every killContainer that stopped a running container, in order. */
  readonly containerKills: FakeContainerKill[] = [];

  constructor(private readonly options: FakeRuntimeOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.ips = options.ips ?? new IpAllocator(options.cidr ?? '10.244.0.0/16');
  }

  async syncPod(pod: Pod, options: SyncPodOptions = {}): Promise<PodRuntimeStatus> {
    const uid = pod.metadata?.uid;
    if (!uid) throw new Error('pod has no metadata.uid');
    let fake = this.pods.get(uid);
    const plan = planPod(pod, this.observe(fake), options.holdRestart);
    if (plan.createSandbox || !fake) {
      if (options.podIp) this.ips.reserve(uid, options.podIp);
      const podIp = options.podIp ?? this.ips.allocate(uid);
      fake = {
        uid,
        name: pod.metadata?.name ?? '',
        namespace: pod.metadata?.namespace ?? 'default',
        podIp,
        sandboxReady: true,
        containers: fake?.containers ?? new Map(),
      };
      this.pods.set(uid, fake);
    }
    for (const k of plan.kill) this.finish(fake.containers.get(k.name), 137);
    let firstError: Error | undefined;
    for (const { container, restartCount } of plan.start) {
      const image = container.image ?? '';
      if (!(await this.imagePresent(image))) {
        const err = new ErrImagePull(image, container.name);
        fake.containers.set(container.name, {
          ...this.blank(container.name, image, restartCount),
          state: 'waiting',
          reason: 'ErrImagePull',
          message: err.message,
        });
        firstError ??= err;
        continue;
      }
      const c: FakeContainer = {
        ...this.blank(container.name, image, restartCount),
        hash: hashContainer(container),
        id: `fake://${uid}/${container.name}/${restartCount}`,
      };
      fake.containers.set(container.name, c);
      const run = () =>
        Object.assign(c, {
          starting: false,
          state: 'running',
          reason: undefined,
          startedAt: rfc3339(this.clock.now()),
        });
      if (this.options.startLatencyMs) {
        Object.assign(c, { starting: true, state: 'waiting', reason: 'ContainerCreating' });
        this.clock.setTimeout(run, this.options.startLatencyMs);
      } else run();
    }
    if (firstError) throw firstError;
    return this.status(fake);
  }

  async killPod(podUid: string, gracePeriodSeconds: number): Promise<void> {
    const fake = this.pods.get(podUid);
    if (!fake) return;
    const grace = Math.max(0, gracePeriodSeconds) * 1000;
    const delay = this.options.stopDelayMs ?? 0;
    const wait = Math.min(delay, grace);
    if (wait > 0) await new Promise<void>((resolve) => this.clock.setTimeout(resolve, wait));
    const forced = delay > grace;
    for (const c of fake.containers.values()) this.finish(c, forced ? 137 : 0);
    this.pods.delete(podUid);
    this.ips.release(podUid);
    this.kills.push({ podUid, gracePeriodSeconds, forced });
  }

  async killContainer(
    podUid: string,
    container: string,
    gracePeriodSeconds: number,
    reason?: string,
  ): Promise<void> {
    const c = this.pods.get(podUid)?.containers.get(container);
    if (!c?.id) throw containerNotFound(podUid, container);
    if (c.state !== 'running') return;
    const attempt = c.id;
    const grace = Math.max(0, gracePeriodSeconds) * 1000;
    const delay = this.options.stopDelayMs ?? 0;
    const wait = Math.min(delay, grace);
    if (wait > 0) await new Promise<void>((resolve) => this.clock.setTimeout(resolve, wait));
    const forced = delay > grace;
    if (c.id !== attempt || c.state !== 'running') return; // it ended (or was replaced) meanwhile
    this.finish(c, forced ? 137 : 143, reason);
    this.containerKills.push({
      podUid,
      container,
      gracePeriodSeconds,
      ...(reason ? { reason } : {}),
      forced,
    });
  }

  /** Test hook: the container's process exits with `exitCode`. */
  exitContainer(podUid: string, container: string, exitCode: number): void {
    const c = this.pods.get(podUid)?.containers.get(container);
    if (!c) throw containerNotFound(podUid, container);
    this.finish(c, exitCode);
  }

  /** Test hook: the sandbox dies (its network namespace is gone). */
  killSandbox(podUid: string): void {
    const fake = this.pods.get(podUid);
    if (fake) fake.sandboxReady = false;
  }

  async listPods(): Promise<RuntimePod[]> {
    return [...this.pods.values()].map((p) => ({
      uid: p.uid,
      name: p.name,
      namespace: p.namespace,
      podIp: p.podIp,
      sandboxId: `fake://${p.uid}/POD`,
      containers: [...p.containers.values()].map((c) => ({
        id: c.id,
        name: c.name,
        hash: c.hash,
        state: c.state,
        restartCount: c.restartCount,
      })),
    }));
  }

  async getPodStatus(podUid: string): Promise<PodRuntimeStatus | undefined> {
    const fake = this.pods.get(podUid);
    return fake && this.status(fake);
  }

  async logs(podUid: string, container: string): Promise<Readable> {
    this.container(podUid, container);
    return new PassThrough().end();
  }

  async exec(podUid: string, container: string, cmd: readonly string[]): Promise<ExecResult> {
    this.container(podUid, container);
    return this.options.execHandler?.(podUid, container, cmd) ?? { stdout: '', stderr: '', exitCode: 0 };
  }

  async execStream(podUid: string, container: string, cmd: readonly string[]): Promise<ExecSession> {
    const r = await this.exec(podUid, container, cmd);
    return {
      stdout: new PassThrough().end(r.stdout),
      stderr: new PassThrough().end(r.stderr),
      exitCode: Promise.resolve(r.exitCode),
    };
  }

  async attach(podUid: string, container: string, _options?: AttachOptions): Promise<AttachSession> {
    const c = this.container(podUid, container);
    if (c.state !== 'running') throw containerNotRunning(container, c.state);
    const session = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
    session.stdin.resume(); // nothing reads a hollow container's stdin
    const open = (c.consoles ?? []).filter((s) => !s.destroyed); // those of clients still attached
    c.consoles = [...open, session.stdout, session.stderr];
    return session;
  }

  async imagePresent(image: string): Promise<boolean> {
    return !!image && (this.options.images?.has(image) ?? true);
  }

  private container(podUid: string, name: string): FakeContainer {
    const c = this.pods.get(podUid)?.containers.get(name);
    if (!c || !c.id) throw containerNotFound(podUid, name);
    return c;
  }

  private observe(fake: FakePod | undefined): ObservedPod {
    if (!fake) return { containers: [] };
    const containers = [...fake.containers.values()]
      .filter((c) => c.id) // an ErrImagePull placeholder was never created
      .map((c) => ({ ...c, state: c.starting ? ('running' as const) : c.state }));
    return { sandbox: { id: `fake://${fake.uid}/POD`, running: fake.sandboxReady }, containers };
  }

  private finish(c: FakeContainer | undefined, exitCode: number, message?: string): void {
    if (!c || c.state === 'exited') return;
    for (const s of c.consoles ?? []) s.end();
    Object.assign(c, {
      consoles: [],
      starting: false,
      state: 'exited',
      exitCode,
      reason: exitCode === 0 ? 'Completed' : 'Error',
      ...(message ? { message } : {}),
      finishedAt: rfc3339(this.clock.now()),
    });
  }

  private blank(name: string, image: string, restartCount: number): FakeContainer {
    return { name, id: '', image, imageId: `fake://${image}`, hash: '', state: 'waiting', restartCount };
  }

  private status(fake: FakePod): PodRuntimeStatus {
    return {
      uid: fake.uid,
      name: fake.name,
      namespace: fake.namespace,
      ...(fake.sandboxReady ? { podIp: fake.podIp } : {}),
      sandboxReady: fake.sandboxReady,
      containers: [...fake.containers.values()].map(({ starting: _s, consoles: _c, ...c }) => ({ ...c })),
    };
  }
}
