// StatusManager: writes pod status to the API (pods/<name>/status) — only when it changed since the last write
// (times that move on every write are ignored), so a resync of an unchanged pod costs no request. For a static
// pod the write goes to its mirror pod. A write answered with Conflict is retried once on a fresh read if the
// object is still the same pod (same UID); NotFound means the pod is gone and the status is dropped. Any other
// failure leaves the status unwritten, so the next sync tries again.
import { isConflict, isNotFound } from '../../api/errors';
import type { Pod, PodStatus } from '../../api/types';
import type { ClientInterface } from '../../client';
import type { Logger } from '../../util';
import { statusFingerprint } from './pod-status';

export interface StatusTarget {
  namespace: string;
  name: string;
  /** The API object's UID when known: a write never lands on a different pod of the same name. */
  uid?: string;
}

export class StatusManager {
  /** Per kubelet pod UID: the last status written (or learned from the API) and its fingerprint. */
  private readonly written = new Map<string, { status: PodStatus; fingerprint: string }>();

  constructor(
    private readonly client: ClientInterface | undefined,
    private readonly log: Logger,
  ) {}

  /** What this kubelet last wrote for the pod; the base for carried-over times. */
  lastStatus(uid: string): PodStatus | undefined {
    return this.written.get(uid)?.status;
  }

  /** Records a status the API already holds (an adopted pod), so an identical one is not written again. */
  seed(uid: string, status: PodStatus | undefined): void {
    if (status && !this.written.has(uid))
      this.written.set(uid, { status, fingerprint: `${uid} ${statusFingerprint(status)}` });
  }

  forget(uid: string): void {
    this.written.delete(uid);
  }

  /** Writes `status` for the kubelet's pod `uid` to `target` if it changed. Resolves true when written. */
  async setStatus(uid: string, target: StatusTarget, status: PodStatus): Promise<boolean> {
    // The target's UID counts: a re-created mirror pod needs the status written again.
    const fingerprint = `${target.uid ?? ''} ${statusFingerprint(status)}`;
    if (this.written.get(uid)?.fingerprint === fingerprint) return false;
    if (!this.client) {
      this.written.set(uid, { status, fingerprint });
      return true;
    }
    const body = (resourceVersion?: string): Pod => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: target.name,
        namespace: target.namespace,
        ...(target.uid ? { uid: target.uid } : {}),
        ...(resourceVersion ? { resourceVersion } : {}),
      },
      status,
    });
    try {
      try {
        await this.client.updateStatus('pods', target.namespace, body());
      } catch (err) {
        if (!isConflict(err)) throw err;
        const fresh = await this.client.get<Pod>('pods', target.namespace, target.name);
        if (target.uid && fresh.metadata?.uid !== target.uid) return false; // replaced by another pod
        await this.client.updateStatus('pods', target.namespace, body(fresh.metadata?.resourceVersion));
      }
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return false;
      throw err;
    }
    this.written.set(uid, { status, fingerprint });
    this.log.debug({ pod: `${target.namespace}/${target.name}`, phase: status.phase }, 'pod status written');
    return true;
  }
}
