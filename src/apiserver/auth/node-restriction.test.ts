import { describe, expect, it } from 'vitest';
import { errors } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import type { Registry } from '../../registry/rest';
import { requestAttributes, type ResourceAttributes } from './attributes';
import { checkNode, MIRROR_ANNOTATION } from './node-restriction';

/** A registry holding just these pods (what checkNode looks up). */
function registryWith(pods: KubeObject[]): Registry {
  const storage = {
    get: async (ctx: { namespace?: string }, name: string) => {
      const pod = pods.find((p) => p.metadata?.name === name && p.metadata?.namespace === ctx.namespace);
      if (!pod) throw errors.notFound('pods', name);
      return pod;
    },
  };
  return { resource: (r: string) => (r === 'pods' ? storage : undefined) } as unknown as Registry;
}

const pod = (name: string, nodeName?: string, mirror = false): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns', annotations: mirror ? { [MIRROR_ANNOTATION]: 'hash' } : {} },
  spec: { nodeName, containers: [{ name: 'c', image: 'i' }] },
});
const registry = registryWith([pod('mine', 'n1'), pod('theirs', 'n2'), pod('pending')]);
const attrs = (method: string, url: string) => requestAttributes(method, url) as ResourceAttributes;

describe('checkNode', () => {
  it('lets a node write status of and delete only pods bound to it (a missing pod is left to a 404)', async () => {
    const status = (name: string) => attrs('PUT', `/api/v1/namespaces/ns/pods/${name}/status`);
    await expect(checkNode('pod-on-node', 'n1', status('mine'), { registry })).resolves.toBeUndefined();
    await expect(checkNode('pod-on-node', 'n1', status('gone'), { registry })).resolves.toBeUndefined();
    await expect(checkNode('pod-on-node', 'n1', status('theirs'), { registry })).rejects.toMatchObject({
      code: 403,
      message:
        'pods "theirs" is forbidden: node "n1" can only update pod status for pods with spec.nodeName set to itself',
    });
    await expect(checkNode('pod-on-node', 'n1', status('pending'), { registry })).rejects.toMatchObject({
      code: 403,
    });
    await expect(
      checkNode('pod-on-node', 'n1', attrs('DELETE', '/api/v1/namespaces/ns/pods/theirs'), { registry }),
    ).rejects.toMatchObject({
      message: 'pods "theirs" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself',
    });
  });

  it('lets a node create only mirror pods bound to itself', async () => {
    const create = attrs('POST', '/api/v1/namespaces/ns/pods');
    await expect(
      checkNode('own-mirror-pod', 'n1', create, { registry, body: pod('static-n1', 'n1', true) }),
    ).resolves.toBeUndefined();
    await expect(
      checkNode('own-mirror-pod', 'n1', create, { registry, body: pod('web', 'n1') }),
    ).rejects.toMatchObject({
      message:
        'pods "web" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods',
    });
    await expect(
      checkNode('own-mirror-pod', 'n1', create, { registry, body: pod('static-n2', 'n2', true) }),
    ).rejects.toMatchObject({
      message:
        'pods "static-n2" is forbidden: node "n1" can only create pods with spec.nodeName set to itself',
    });
    await expect(checkNode('own-mirror-pod', 'n1', create, { registry })).rejects.toMatchObject({
      code: 403,
    });
  });

  it('lets a node register only its own Node', async () => {
    const create = attrs('POST', '/api/v1/nodes');
    const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
    await expect(
      checkNode('own-node', 'n1', create, { registry, body: node('n1') }),
    ).resolves.toBeUndefined();
    await expect(checkNode('own-node', 'n1', create, { registry, body: node('n2') })).rejects.toMatchObject({
      code: 403,
      message: 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"',
    });
  });
});
