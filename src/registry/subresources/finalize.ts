// namespaces/finalize: the only way to change a namespace's spec.finalizers. When the last one goes from a
// namespace being deleted, the namespace is removed (update.ts deletes on empty finalizers).
import type { NamespaceSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/types';
import type { GenericStore } from '../generic-store';
import type { SubresourceStorage } from '../rest';
import type { Prepare } from '../update';

/**
 * Keeps the stored namespace, with spec.finalizers set to `finalizers` (taken from the request before
 * defaulting, which would put `kubernetes` back into an empty list).
 */
export const finalizePrepare =
  (finalizers: string[]): Prepare =>
  (next, old) => {
    for (const k of new Set([...Object.keys(next), ...Object.keys(old)])) {
      if (old[k] === undefined) delete next[k];
      else next[k] = structuredClone(old[k]);
    }
    next.spec = { ...(old.spec as NamespaceSpec), finalizers };
  };

const requested = (body: unknown): string[] => {
  const spec = (body as KubeObject | null)?.spec as NamespaceSpec | undefined;
  return Array.isArray(spec?.finalizers) ? [...spec.finalizers] : [];
};

export function finalizeSubresource(namespaces: GenericStore): SubresourceStorage {
  return {
    update: async (ctx, name, body) =>
      (await namespaces.updateWith(ctx, name, body, finalizePrepare(requested(body)))).object,
  };
}

/** Removes one finalizer from a stored namespace (the namespace cleaner's last step). */
export const removeFinalizer = (
  namespaces: GenericStore,
  name: string,
  finalizer: string,
): Promise<KubeObject> =>
  namespaces.mutate(
    {},
    name,
    (ns) => ns,
    (next, old) => {
      const left = ((old.spec as NamespaceSpec | undefined)?.finalizers ?? []).filter((f) => f !== finalizer);
      finalizePrepare(left)(next, old);
    },
  );
