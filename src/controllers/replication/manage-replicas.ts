// manageReplicas: the writes of one replication sync — claim (adopt/release), then create or delete pods
// — applied through the client with the expectations set first, so the informer events those writes
// cause are counted against them. Creations go in slow-start batches; a failed batch stops the rest,
// and every create that failed or was never sent is counted off at once, since no event will come for it.
// Each create and delete is told as an event on the RC, worded as kube-controller-manager words it.
import { isNotFound } from '../../api/errors';
import type { ObjectReference, Pod, ReplicationController } from '../../api/types';
import type { ClientInterface } from '../../client';
import type { EventRecorder } from '../../client/record';
import { objectKey } from '../pod-util';
import type { Expectations } from './expectations';
import { podFromTemplate } from './pod-from-template';
import { adoptPatch, releasePatch } from './pods-to-manage';
import type { ManageFailure } from './rc-status';
import { slowStartBatches, type ReplicaDiff } from './replica-diff';

export interface ManageDeps {
  client: ClientInterface;
  expectations: Expectations;
  /** SuccessfulCreate / SuccessfulDelete / FailedCreate / FailedDelete events on the RC; none when absent. */
  events?: EventRecorder;
}

function rcRef(rc: ReplicationController): ObjectReference {
  const m = rc.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    namespace: m.namespace,
    name: m.name,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
  };
}

/**
 * Patches the adoptions and releases. Answers the active pods that are really the RC's now: an orphan
 * that vanished before it could be adopted is dropped. Other errors reject (the sync is retried).
 */
export async function claimPods(
  deps: ManageDeps,
  rc: ReplicationController,
  claim: { active: Pod[]; adopt: Pod[]; release: Pod[] },
): Promise<Pod[]> {
  const ns = rc.metadata?.namespace;
  const gone = new Set<Pod>();
  const patch = async (pod: Pod, body: { type: 'merge'; patch: unknown }, onMissing?: () => void) => {
    try {
      await deps.client.patch('pods', ns, pod.metadata!.name!, body.type, body.patch);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      onMissing?.();
    }
  };
  await Promise.all([
    ...claim.adopt.map((p) => patch(p, adoptPatch(rc, p), () => gone.add(p))),
    ...claim.release.map((p) => patch(p, releasePatch(rc, p))),
  ]);
  return claim.active.filter((p) => !gone.has(p));
}

/** Applies diff for the RC under key. Answers the failure to report in status, if any. */
export async function manageReplicas(
  deps: ManageDeps,
  key: string,
  rc: ReplicationController,
  diff: ReplicaDiff,
): Promise<ManageFailure | undefined> {
  const { client, expectations, events } = deps;
  const ns = rc.metadata?.namespace;
  const tell = (type: 'Normal' | 'Warning', reason: string, message: string) =>
    events?.record(rcRef(rc), type, reason, message);
  if (diff.create > 0) {
    expectations.expectCreations(key, diff.create);
    let sent = 0;
    for (const batch of slowStartBatches(diff.create)) {
      const results = await Promise.allSettled(
        Array.from({ length: batch }, () => client.create('pods', ns, podFromTemplate(rc))),
      );
      sent += batch;
      for (const r of results)
        if (r.status === 'fulfilled')
          tell('Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata?.name}`);
      const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      if (failed.length) {
        tell('Warning', 'FailedCreate', `Error creating: ${(failed[0]!.reason as Error).message}`);
        expectations.creationObserved(key, failed.length + (diff.create - sent));
        return { reason: 'FailedCreate', message: String((failed[0]!.reason as Error).message) };
      }
    }
    return undefined;
  }
  if (diff.delete.length > 0) {
    expectations.expectDeletions(key, diff.delete.map(objectKey));
    const errors: unknown[] = [];
    await Promise.all(
      diff.delete.map(async (pod) => {
        try {
          await client.delete('pods', ns, pod.metadata!.name!);
          tell('Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata!.name}`);
        } catch (err) {
          expectations.deletionObserved(key, objectKey(pod));
          if (isNotFound(err)) return;
          errors.push(err);
          tell('Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
        }
      }),
    );
    if (errors.length) return { reason: 'FailedDelete', message: String((errors[0] as Error).message) };
  }
  return undefined;
}
