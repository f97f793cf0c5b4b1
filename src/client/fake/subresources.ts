// The fake client's subresources, acting as the apiserver's do: status replaces .status only, scale reads and
// writes spec.replicas through an autoscaling/v1 Scale, binding sets a pod's spec.nodeName once.
import { errors } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import type { ApiObject } from '../interface';
import type { ObjectTracker } from './tracker';

/** POST pods/<name>/binding: 409 if the pod is already on a node, as the apiserver answers. */
export function bindPod(
  tracker: ObjectTracker,
  namespace: string | undefined,
  name: string,
  body: ApiObject,
) {
  const pod = tracker.get('pods', namespace, name) as KubeObject & { spec?: { nodeName?: string } };
  const target = (body as { target?: { name?: string } }).target?.name;
  if (pod.spec?.nodeName)
    throw errors.conflict('pods', name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  pod.spec = { ...pod.spec, nodeName: target };
  tracker.update('pods', namespace, pod);
  return { kind: 'Status', apiVersion: 'v1', status: 'Success', code: 201 };
}

/** status: replaces .status only; scale: sets spec.replicas. `checkVersion`: a stale PUT gets 409. */
export function writeSubresource(
  tracker: ObjectTracker,
  resource: string,
  namespace: string | undefined,
  name: string,
  sub: string,
  body: KubeObject,
  checkVersion: boolean,
): KubeObject {
  const current = tracker.get(resource, namespace, name);
  const rv = checkVersion ? body.metadata?.resourceVersion : undefined;
  if (sub === 'status') {
    const next = {
      ...current,
      status: body.status,
      metadata: { ...current.metadata, resourceVersion: rv },
    };
    return tracker.update(resource, namespace, next);
  }
  if (sub === 'scale') {
    const replicas = (body.spec as { replicas?: number } | undefined)?.replicas;
    const spec = { ...(current.spec as object), replicas };
    const next = { ...current, spec, metadata: { ...current.metadata, resourceVersion: rv } };
    return scaleOf(tracker.update(resource, namespace, next));
  }
  throw errors.notFound(`${resource}/${sub}`, name);
}

export function scaleOf(obj: KubeObject): KubeObject {
  const replicas = (obj.spec as { replicas?: number } | undefined)?.replicas ?? 0;
  const observed = (obj.status as { replicas?: number } | undefined)?.replicas ?? 0;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      name: obj.metadata?.name,
      namespace: obj.metadata?.namespace,
      uid: obj.metadata?.uid,
      resourceVersion: obj.metadata?.resourceVersion,
    },
    spec: { replicas },
    status: { replicas: observed },
  };
}
