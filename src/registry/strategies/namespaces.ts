// Namespaces: created Active with the `kubernetes` finalizer in spec.finalizers, which the namespace
// cleaner removes (namespaces/finalize) once the content is gone. Deleting one marks it Terminating.
// default, kube-system and kube-public may never be deleted.
import { StatusError } from '../../api/errors';
import type { NamespaceSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/types';
import { baseStrategy, type Strategy } from '../strategy';

export const NAMESPACE_FINALIZER = 'kubernetes';
export const IMMORTAL_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public'];

const specOf = (obj: KubeObject) => (obj.spec ?? {}) as NamespaceSpec;

export const namespacesStrategy = (): Strategy => ({
  ...baseStrategy('namespaces'),
  hasStatus: true,
  prepareForCreate(obj) {
    obj.status = { phase: 'Active' };
    const finalizers = specOf(obj).finalizers ?? [];
    obj.spec = { ...specOf(obj), finalizers: [...new Set([...finalizers, NAMESPACE_FINALIZER])] };
  },
  prepareForUpdate(obj, old) {
    // spec.finalizers changes only through namespaces/finalize.
    obj.spec = { ...specOf(obj), finalizers: specOf(old).finalizers };
    if (!specOf(old).finalizers) delete (obj.spec as NamespaceSpec).finalizers;
  },
  finalizers: (obj) => [...(obj.metadata?.finalizers ?? []), ...(specOf(obj).finalizers ?? [])],
  onMarkDeleted(obj) {
    obj.status = { ...(obj.status as object), phase: 'Terminating' };
  },
  checkDelete(obj) {
    const name = obj.metadata?.name ?? '';
    if (IMMORTAL_NAMESPACES.includes(name))
      throw new StatusError(
        403,
        'Forbidden',
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        {
          name,
          kind: 'namespaces',
        },
      );
  },
});
