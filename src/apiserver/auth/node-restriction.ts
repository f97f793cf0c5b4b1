// NodeRestriction: the part of a node's authorization that depends on an object, finished here once the
// policy has said "allowed, if ...". A kubelet may create only its own Node, only mirror pods bound to itself,
// and may write status of (or delete) only pods whose spec.nodeName is itself. Messages follow Kubernetes'
// NodeRestriction admission plugin.
import type { KubeObject, Pod } from '../../api/types';
import { isNotFound } from '../../api/errors';
import type { Registry } from '../../registry/rest';
import type { ResourceAttributes } from './attributes';
import { forbiddenObject } from './forbidden';
import type { NodeCheck } from './policy';

export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** Whether a check needs the request body (the others look the object up). */
export function needsBody(check: NodeCheck): boolean {
  return check === 'own-node' || check === 'own-mirror-pod';
}

/**
 * Throws a 403 StatusError unless node `node` may go on. `body` is the decoded request body for the checks
 * that need one (undefined when it could not be decoded: refused). A pod that does not exist passes, so
 * that the handler answers its usual 404.
 */
export async function checkNode(
  check: NodeCheck,
  node: string,
  a: ResourceAttributes,
  deps: { registry: Registry; body?: KubeObject },
): Promise<void> {
  const bodyName = deps.body?.metadata?.name;
  switch (check) {
    case 'own-node':
      if (!deps.body) throw forbiddenObject('nodes', undefined, 'the request body could not be decoded');
      if (bodyName !== node)
        throw forbiddenObject(
          'nodes',
          bodyName,
          `node "${node}" is not allowed to modify node "${bodyName ?? ''}"`,
        );
      return;
    case 'own-mirror-pod': {
      const pod = deps.body as Pod | undefined;
      if (!pod) throw forbiddenObject('pods', undefined, 'the request body could not be decoded');
      if (pod.metadata?.annotations?.[MIRROR_ANNOTATION] === undefined)
        throw forbiddenObject(
          'pods',
          bodyName,
          `pod does not have "${MIRROR_ANNOTATION}" annotation, node "${node}" can only create mirror pods`,
        );
      if (pod.spec?.nodeName !== node)
        throw forbiddenObject(
          'pods',
          bodyName,
          `node "${node}" can only create pods with spec.nodeName set to itself`,
        );
      return;
    }
    case 'pod-on-node': {
      const pods = deps.registry.resource('pods');
      let pod: Pod;
      try {
        pod = (await pods!.get({ namespace: a.namespace }, a.name ?? '')) as Pod;
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      if (pod.spec?.nodeName === node) return;
      const what = a.subresource === 'status' ? 'update pod status for' : `${a.verb}`;
      throw forbiddenObject(
        'pods',
        a.name,
        `node "${node}" can only ${what} pods with spec.nodeName set to itself`,
      );
    }
  }
}
