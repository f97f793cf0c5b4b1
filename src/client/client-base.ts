// ClientBase: the conveniences of ClientInterface (listAll, bind, updateStatus, scale) written once over the
// primitives, so KubeClient and FakeClient behave alike and the fake records them as the requests they are.
import { errors } from '../api/errors';
import type { Binding, KubeObject, Scale } from '../api/types';
import type { ApiObject, ClientInterface, ListOptions, ObjectList } from './interface';

export abstract class ClientBase {
  async listAll<T extends ApiObject = KubeObject>(
    this: ClientInterface,
    resource: string,
    namespace?: string,
    options: ListOptions = {},
  ): Promise<ObjectList<T>> {
    const first = await this.list<T>(resource, namespace, options);
    const items = [...first.items];
    let next = first.metadata?.continue;
    while (next) {
      const page = await this.list<T>(resource, namespace, {
        ...options,
        continue: next,
        resourceVersion: undefined,
      });
      items.push(...page.items);
      next = page.metadata?.continue;
    }
    // The first page's resourceVersion is the one the whole list is consistent at (continue tokens pin it).
    return {
      ...first,
      metadata: { ...first.metadata, continue: undefined, remainingItemCount: undefined },
      items,
    };
  }

  async bind(this: ClientInterface, namespace: string, podName: string, nodeName: string): Promise<void> {
    const binding: Binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: podName, namespace },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    };
    await this.createSubresource('pods', namespace, podName, 'binding', binding);
  }

  async updateStatus<T extends ApiObject = KubeObject>(
    this: ClientInterface,
    resource: string,
    namespace: string | undefined,
    obj: T,
  ): Promise<T> {
    return this.updateSubresource<T>(resource, namespace, nameOf(obj), 'status', obj);
  }

  getScale(this: ClientInterface, resource: string, namespace: string, name: string): Promise<Scale> {
    return this.getSubresource(resource, namespace, name, 'scale') as Promise<Scale>;
  }

  patchScale(
    this: ClientInterface,
    resource: string,
    namespace: string,
    name: string,
    replicas: number,
  ): Promise<Scale> {
    return this.patchSubresource(resource, namespace, name, 'scale', 'merge', {
      spec: { replicas },
    }) as Promise<Scale>;
  }
}

/** metadata.name, required by PUT-style calls; a missing one is the caller's bug, reported as Kubernetes does. */
export function nameOf(obj: ApiObject): string {
  const name = obj.metadata?.name;
  if (!name) throw errors.badRequest('resource name may not be empty');
  return name;
}
