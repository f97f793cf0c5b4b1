// What a fresh cluster has before anyone writes: the namespaces default, kube-system and kube-public, and the
// `kubernetes` service in default on the range's first address. Idempotent, and safe when two apiservers
// start together: whoever loses the race finds the object there.
import { isAlreadyExists, isInvalid, isNotFound } from '../api/errors';
import type { GenericStore } from './generic-store';
import { IMMORTAL_NAMESPACES } from './strategies/namespaces';

async function ensure(
  store: GenericStore,
  namespace: string | undefined,
  name: string,
  body: object,
): Promise<void> {
  const ctx = { namespace };
  const exists = () =>
    store.get(ctx, name).then(
      () => true,
      (e) => (isNotFound(e) ? false : Promise.reject(e)),
    );
  if (await exists()) return;
  try {
    await store.create(ctx, body);
  } catch (e) {
    // Another apiserver created it (AlreadyExists) or took the address first (Invalid) while we looked.
    if (!(isAlreadyExists(e) || isInvalid(e)) || !(await exists())) throw e;
  }
}

export async function bootstrap(
  namespaces: GenericStore,
  services: GenericStore,
  kubernetesIp: string,
  port: number,
): Promise<void> {
  for (const name of IMMORTAL_NAMESPACES) await ensure(namespaces, undefined, name, { metadata: { name } });
  await ensure(services, 'default', 'kubernetes', {
    metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: kubernetesIp,
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }],
      sessionAffinity: 'None',
    },
  });
}
