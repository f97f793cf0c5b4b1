// replicationcontrollers/scale: the RC seen as an autoscaling/v1 Scale (what `kubectl scale` reads and
// writes). Only spec.replicas can change; status.replicas and the selector string come from the RC.
// PUT honours the Scale's resourceVersion as a precondition; PATCH (merge, from kubectl) retries races.
import { errors, fieldErrors } from '../../api/errors';
import { applyPatch, type PatchType } from '../../api/patch';
import type { KubeObject, ReplicationControllerSpec, Scale } from '../../api/types';
import { selectorFromSet } from '../../labels';
import type { KeyValue } from '../../storage';
import { decodeBody, decodeKeyValue } from '../codec';
import type { GenericStore } from '../generic-store';
import type { RequestContext, SubresourceStorage } from '../rest';
import { mainPrepare, nameMismatch, writeUpdate } from '../update';
import { checkResourceVersion, notFound, retryWrites } from '../write-loop';

export function scaleOf(rc: KubeObject): KubeObject {
  const m = rc.metadata!;
  const spec = (rc.spec ?? {}) as ReplicationControllerSpec;
  const scale: Scale = {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 1 },
    status: {
      replicas: (rc.status as { replicas?: number } | undefined)?.replicas ?? 0,
      selector: selectorFromSet(spec.selector).toString(),
    },
  };
  return scale as KubeObject;
}

function replicasOf(scale: KubeObject, name: string): number {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
    throw errors.invalid('Scale', name, [
      fieldErrors.invalid('spec.replicas', replicas, 'must be greater than or equal to 0'),
    ]);
  return replicas;
}

export function scaleSubresource(rcs: GenericStore): SubresourceStorage {
  const info = rcs.info;
  /** Writes the Scale's replicas into the stored RC `current`. */
  const write = async (ctx: RequestContext, name: string, current: KeyValue, scale: KubeObject) => {
    checkResourceVersion(rcs.c, name, scale.metadata?.resourceVersion, current);
    const rc = decodeKeyValue(info, current);
    rc.spec = { ...(rc.spec as object), replicas: replicasOf(scale, name) };
    return scaleOf(await writeUpdate(rcs.c, ctx, current, rc, mainPrepare(rcs.c)));
  };
  const asScale = (body: unknown, name: string) => {
    const scale = decodeBody(info, body, 'Scale', 'autoscaling/v1');
    if (scale.metadata?.name && scale.metadata.name !== name) throw nameMismatch(scale.metadata.name, name);
    return scale;
  };
  return {
    get: async (ctx, name) => scaleOf(await rcs.get(ctx, name)),
    update: (ctx, name, body) => {
      const scale = asScale(body, name);
      return retryWrites(rcs.c, ctx, name, async (current) => {
        if (!current) throw notFound(rcs.c, name);
        return write(ctx, name, current, scale);
      });
    },
    patch: (ctx, name, type: PatchType, patch) =>
      retryWrites(rcs.c, ctx, name, async (current) => {
        if (!current) throw notFound(rcs.c, name);
        const scale = scaleOf(decodeKeyValue(info, current));
        return write(ctx, name, current, asScale(applyPatch(type, scale, patch, 'Scale'), name));
      }),
  };
}
