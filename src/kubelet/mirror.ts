// MirrorPods: a static pod (from a file, URL, etcd or the kubelet's own HTTP) is shown in the API as a mirror
// pod — the same name, namespace and spec, bound to this node, annotated `kubernetes.io/config.mirror` with the
// static pod's config hash. The kubelet owns it: it creates it, replaces it when the static pod changed (or a
// user deleted it), carries the static pod's status there, and deletes it when the static pod goes.
// What is in the API is read from the apiserver source's cache when there is one (no request per sync).
import { isAlreadyExists, isConflict, isNotFound } from '../api/errors';
import type { Pod } from '../api/types';
import type { ClientInterface } from '../client';
import { CONFIG_HASH_ANNOTATION, CONFIG_MIRROR_ANNOTATION, CONFIG_SOURCE_ANNOTATION } from './config';

/** What the API holds under a pod name, from a cache; the ApiserverSource implements it. */
export interface ApiPodLookup {
  apiPod(namespace: string, name: string): Pod | undefined;
  hasSynced(): boolean;
}

export function isStaticPod(pod: Pod): boolean {
  const source = pod.metadata?.annotations?.[CONFIG_SOURCE_ANNOTATION];
  return source !== undefined && source !== 'api';
}

export function isMirrorPod(pod: Pod): boolean {
  return pod.metadata?.annotations?.[CONFIG_MIRROR_ANNOTATION] !== undefined;
}

const hashOf = (pod: Pod) => pod.metadata?.annotations?.[CONFIG_HASH_ANNOTATION] ?? '';

/** The API object for a static pod: no UID or status of its own, the mirror annotation added. */
export function mirrorOf(pod: Pod): Pod {
  const meta = pod.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      annotations: { ...meta.annotations, [CONFIG_MIRROR_ANNOTATION]: hashOf(pod) },
    },
    spec: structuredClone(pod.spec),
  };
}

export class MirrorPods {
  /** Static pod UID → the mirror's UID, as created or found. */
  private readonly uids = new Map<string, string>();

  constructor(
    private readonly client: ClientInterface,
    private readonly lookup?: ApiPodLookup,
  ) {}

  /** The UID of the static pod's mirror in the API, once ensure() has seen or made it. */
  mirrorUid(staticUid: string): string | undefined {
    return this.uids.get(staticUid);
  }

  /** Makes the API hold an up-to-date mirror of `pod`. Idempotent; may be retried. */
  async ensure(pod: Pod): Promise<void> {
    const { namespace = 'default', name = '', uid = '' } = pod.metadata ?? {};
    const current = await this.current(namespace, name);
    if (current) {
      const ours =
        isMirrorPod(current) && current.metadata?.annotations?.[CONFIG_MIRROR_ANNOTATION] === hashOf(pod);
      if (ours && !current.metadata?.deletionTimestamp) {
        this.uids.set(uid, current.metadata!.uid!);
        return;
      }
      // A regular pod holding the name is the user's: never delete it.
      if (!isMirrorPod(current)) return;
      await this.deleteObject(current);
    }
    try {
      const created = await this.client.create<Pod>('pods', namespace, mirrorOf(pod));
      this.uids.set(uid, created.metadata!.uid!);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err; // a stale cache: the next sync sees it
    }
  }

  /** Deletes the static pod's mirror, if it has one. */
  async remove(pod: Pod): Promise<void> {
    const { namespace = 'default', name = '', uid = '' } = pod.metadata ?? {};
    this.uids.delete(uid);
    const current = await this.current(namespace, name);
    if (current && isMirrorPod(current)) await this.deleteObject(current);
  }

  private async current(namespace: string, name: string): Promise<Pod | undefined> {
    if (this.lookup?.hasSynced()) return this.lookup.apiPod(namespace, name);
    try {
      return await this.client.get<Pod>('pods', namespace, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async deleteObject(pod: Pod): Promise<void> {
    try {
      await this.client.delete('pods', pod.metadata?.namespace, pod.metadata!.name!, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata!.uid! },
      });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }
}
