// pods/binding: the scheduler's one write. POST a Binding to set spec.nodeName once; a pod already bound
// (or being deleted) answers 409 Conflict. Binding also records the PodScheduled condition.
import { errors, fieldErrors } from '../../api/errors';
import type { Binding, KubeObject, PodCondition, PodSpec, PodStatus } from '../../api/types';
import { rfc3339, type Clock } from '../../util';
import { decodeBody } from '../codec';
import type { GenericStore } from '../generic-store';
import type { SubresourceStorage } from '../rest';
import { nameMismatch } from '../update';

function bind(pod: KubeObject, node: string, clock: Clock): KubeObject {
  const name = pod.metadata!.name!;
  const spec = (pod.spec ?? {}) as PodSpec;
  if (pod.metadata!.deletionTimestamp)
    throw errors.conflict('pods/binding', name, `pod ${name} is being deleted, cannot be assigned to a host`);
  if (spec.nodeName)
    throw errors.conflict(
      'pods/binding',
      name,
      `pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`,
    );
  const status = (pod.status ?? {}) as PodStatus;
  const scheduled: PodCondition = {
    type: 'PodScheduled',
    status: 'True',
    lastTransitionTime: rfc3339(clock.now()),
  };
  const conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), scheduled];
  return { ...pod, spec: { ...spec, nodeName: node }, status: { ...status, conditions } };
}

export function bindingSubresource(pods: GenericStore, clock: Clock): SubresourceStorage {
  return {
    async create(ctx, name, body) {
      const binding = decodeBody(pods.info, body, 'Binding') as KubeObject & Binding;
      if (binding.metadata?.name && binding.metadata.name !== name)
        throw nameMismatch(binding.metadata.name, name);
      const node = binding.target?.name;
      if (!node) throw errors.invalid('Binding', name, [fieldErrors.required('target.name')]);
      if (binding.target.kind && binding.target.kind !== 'Node')
        throw errors.invalid('Binding', name, [
          fieldErrors.notSupported('target.kind', binding.target.kind, ['Node']),
        ]);
      // Binding writes spec and status together, so it reconciles nothing with the stored pod.
      await pods.mutate(
        ctx,
        name,
        (pod) => bind(pod, node, clock),
        () => {},
        { trusted: true },
      );
      return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
    },
  };
}
