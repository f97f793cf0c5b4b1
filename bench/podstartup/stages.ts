// Per-pod stage timestamps for the pod startup benchmark, taken by wrapping the seams the in-process kubelet is
// built from (its API client, its Docker client, its network plugin, its runtime) — so the kubelet's own code is
// measured unchanged. Every mark is performance.now() in this process, the first one per pod and stage only.
import type Docker from 'dockerode';
import type { Pod } from '../../src/api/types';
import type { ClientInterface, WatchEvent } from '../../src/client';
import type { NetworkPlugin } from '../../src/kubelet/network';
import { LABEL_POD_UID, LABEL_TYPE, type Runtime } from '../../src/kubelet/runtime';

/** In the order a pod goes through them. */
export const STAGES = [
  'createSent',
  'createAcked',
  'kubeletSaw',
  'syncStarted',
  'sandboxStarted',
  'networkDone',
  'appStarted',
  'syncDone',
  'statusWritten',
  'runningSeen',
] as const;
export type Stage = (typeof STAGES)[number];
export type StageTimes = Partial<Record<Stage, number>>;

export class StageRecorder {
  private readonly byUid = new Map<string, StageTimes>();

  mark(uid: string | undefined, stage: Stage, at = performance.now()): void {
    if (!uid) return;
    let times = this.byUid.get(uid);
    if (!times) this.byUid.set(uid, (times = {}));
    times[stage] ??= at;
  }

  times(uid: string): StageTimes {
    return this.byUid.get(uid) ?? {};
  }

  clear(): void {
    this.byUid.clear();
  }
}

const podUid = (obj: unknown) => (obj as Pod | undefined)?.metadata?.uid;

/** The kubelet's client: marks the first pod event its watches deliver and the first Running status it writes. */
export function instrumentClient(client: ClientInterface, rec: StageRecorder): ClientInterface {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'watch')
        return (...args: Parameters<ClientInterface['watch']>) => {
          const [resource, ns, opts, onEvent, onClose] = args;
          const wrapped =
            resource === 'pods'
              ? (e: WatchEvent) => {
                  if (e.type === 'ADDED' || e.type === 'MODIFIED') rec.mark(podUid(e.object), 'kubeletSaw');
                  onEvent(e);
                }
              : onEvent;
          return target.watch(resource, ns, opts, wrapped, onClose);
        };
      if (prop === 'updateStatus')
        return async (...args: Parameters<ClientInterface['updateStatus']>) => {
          const result = await target.updateStatus(...args);
          const [resource, , obj] = args;
          if (resource === 'pods' && (obj as Pod).status?.phase === 'Running')
            rec.mark(podUid(obj), 'statusWritten');
          return result;
        };
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** The runtime: first syncPod call and first successful return, per pod. */
export function instrumentRuntime(runtime: Runtime, rec: StageRecorder): Runtime {
  return new Proxy(runtime, {
    get(target, prop, receiver) {
      if (prop === 'syncPod')
        return async (...args: Parameters<Runtime['syncPod']>) => {
          const uid = args[0].metadata?.uid;
          rec.mark(uid, 'syncStarted');
          const status = await target.syncPod(...args);
          rec.mark(uid, 'syncDone');
          return status;
        };
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** The network plugin: setUpPod runs right after the sandbox container started, and ends with its network up. */
export function instrumentNetwork(network: NetworkPlugin, rec: StageRecorder): NetworkPlugin {
  return {
    async setUpPod(req) {
      rec.mark(req.podUid, 'sandboxStarted');
      await network.setUpPod(req);
      rec.mark(req.podUid, 'networkDone');
    },
    tearDownPod: (uid) => network.tearDownPod(uid),
  };
}

/** The Docker client: when an app (non-sandbox) container's start() returns. */
export function instrumentDocker(docker: Docker, rec: StageRecorder): Docker {
  return new Proxy(docker, {
    get(target, prop, receiver) {
      if (prop === 'createContainer')
        return async (options: Docker.ContainerCreateOptions) => {
          const container = await target.createContainer(options);
          const labels = options.Labels ?? {};
          if (labels[LABEL_TYPE] === 'podsandbox') return container;
          const start = container.start.bind(container) as () => Promise<unknown>;
          container.start = (async () => {
            const r = await start();
            rec.mark(labels[LABEL_POD_UID], 'appStarted');
            return r;
          }) as typeof container.start;
          return container;
        };
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}
