// <resource>/status (pods, services, replicationcontrollers, nodes, namespaces): GET the object; PUT and
// PATCH change only its status (the controller's or kubelet's channel), never spec or metadata.
import type { GenericStore } from '../generic-store';
import type { SubresourceStorage } from '../rest';
import { statusPrepare } from '../update';

export function statusSubresource(store: GenericStore): SubresourceStorage {
  return {
    get: (ctx, name) => store.get(ctx, name),
    update: async (ctx, name, body) => (await store.updateWith(ctx, name, body, statusPrepare)).object,
    patch: async (ctx, name, type, patch) =>
      (await store.patchWith(ctx, name, type, patch, statusPrepare)).object,
  };
}
