// The Runtime interface: what the kubelet drives to make a pod real on its node (DESIGN.md §4). Two
// implementations: docker/ (dockerd through dockerode) and fake/ (the hollow node). Back-off and probes are the
// kubelet's: syncPod only does what its explicit inputs allow.
import type { Readable, Writable } from 'node:stream';
import type { EnvVar, Pod } from '../../api/types';

export interface SyncPodOptions {
  /** The pod IP to use when the sandbox is (re)created; default: the runtime's allocator picks one. */
  podIp?: string;
  /** Containers the kubelet holds back (restart back-off): left exited, not restarted on this call. */
  holdRestart?: ReadonlySet<string>;
  /** Extra variables for every container, e.g. the service variables REDIS_SERVICE_HOST/PORT. */
  extraEnv?: readonly EnvVar[];
}

export type ContainerStateName = 'waiting' | 'running' | 'exited' | 'unknown';

export interface ContainerRuntimeStatus {
  name: string;
  /** Empty while waiting for a container that was never created (e.g. ErrImagePull). */
  id: string;
  image: string;
  imageId: string;
  /** Hash of the container spec this container was created from (see hashContainer). */
  hash: string;
  state: ContainerStateName;
  /** For waiting: ErrImagePull, ContainerCreating, CreateContainerError; for exited: Completed, Error, OOMKilled. */
  reason?: string;
  message?: string;
  exitCode?: number;
  /** RFC 3339. */
  startedAt?: string;
  finishedAt?: string;
  /** How many times the kubelet restarted this container (the previous attempt's count plus one). */
  restartCount: number;
}

export interface PodRuntimeStatus {
  uid: string;
  name: string;
  namespace: string;
  podIp?: string;
  /** Whether the sandbox (the pod's network namespace) is up. */
  sandboxReady: boolean;
  containers: ContainerRuntimeStatus[];
}

/** A pod as the runtime sees it from container labels alone: enough for a restarted kubelet to adopt it. */
export interface RuntimePod {
  uid: string;
  name: string;
  namespace: string;
  podIp?: string;
  sandboxId?: string;
  containers: { id: string; name: string; hash: string; state: ContainerStateName; restartCount: number }[];
}

export interface LogOptions {
  follow?: boolean;
  /** Last N lines only. */
  tail?: number;
  /** The container's previous attempt (what `kubectl logs --previous` shows). */
  previous?: boolean;
  timestamps?: boolean;
  /** Only lines written at or after this time (epoch milliseconds): `kubectl logs --since / --since-time`. */
  sinceMs?: number;
}

export interface ExecOptions {
  stdin?: string | Buffer;
  tty?: boolean;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A running exec for streaming (WebSocket) use. With tty, everything arrives on stdout. */
export interface ExecSession {
  stdin?: Writable;
  stdout: Readable;
  stderr: Readable;
  /** Resolves when the command ends. */
  exitCode: Promise<number>;
  resize?(cols: number, rows: number): Promise<void>;
}

export interface AttachOptions {
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  /** Must match the container's own TTY: with it, everything arrives on stdout. */
  tty?: boolean;
}

/**
 * Streams joined to a running container's own stdio (its main process, not a new one). The output streams end
 * when the container exits. Ending stdin closes the container's stdin only when it has stdinOnce and no TTY, as
 * CRI runtimes do. Destroying the streams detaches and leaves the container running (one with stdinOnce that
 * was attached with stdin then sees its stdin end).
 */
export interface AttachSession {
  stdin?: Writable;
  stdout: Readable;
  stderr: Readable;
  resize?(cols: number, rows: number): Promise<void>;
}

export interface Runtime {
  /**
   * Makes the node match the pod: creates the sandbox and network if missing, creates and starts containers that
   * are missing or whose spec hash changed, restarts exited ones the restart policy allows (unless held).
   * Idempotent; may be retried. Throws ErrImagePull (after doing what it can) when an image is not present.
   */
  syncPod(pod: Pod, options?: SyncPodOptions): Promise<PodRuntimeStatus>;
  /**
   * Stops every container of the pod (SIGTERM, SIGKILL after the grace period), removes them, tears down the
   * network, releases the IP and deletes the pod's emptyDir volumes. Idempotent.
   */
  killPod(podUid: string, gracePeriodSeconds: number): Promise<void>;
  /**
   * Stops the latest attempt of one container (SIGTERM, SIGKILL after the grace period) and keeps it: it then
   * counts as exited, so the next syncPod restarts it as the restart policy says (restartCount + 1) and its
   * logs stay readable as the previous attempt. A container that is not running is left as it is. `reason`
   * (why, e.g. a failed liveness probe) becomes the message of that attempt's terminated state; the events
   * are the kubelet's.
   * Throws NotFound (StatusError) for a container the pod never had.
   */
  killContainer(
    podUid: string,
    containerName: string,
    gracePeriodSeconds: number,
    reason?: string,
  ): Promise<void>;
  listPods(): Promise<RuntimePod[]>;
  /** Undefined when the runtime has nothing of the pod. */
  getPodStatus(podUid: string): Promise<PodRuntimeStatus | undefined>;
  /** Interleaved stdout and stderr. Throws NotFound (StatusError) for an unknown container. */
  logs(podUid: string, container: string, options?: LogOptions): Promise<Readable>;
  exec(podUid: string, container: string, cmd: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  execStream(
    podUid: string,
    container: string,
    cmd: readonly string[],
    options?: { stdin?: boolean; tty?: boolean },
  ): Promise<ExecSession>;
  /**
   * Joins the container's stdio. Throws NotFound (StatusError) for a container the pod does not have and
   * BadRequest for one that is not running: attach never starts anything.
   */
  attach(podUid: string, container: string, options: AttachOptions): Promise<AttachSession>;
  imagePresent(image: string): Promise<boolean>;
}
