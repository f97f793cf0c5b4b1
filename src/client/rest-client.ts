// KubeClient: ClientInterface over HTTP(S) to a real apiserver (k8ts' or any Kubernetes'). One instance per
// process is enough: it keeps connections alive and is safe to share between all components of a process.
import type { DeleteOptions as WireDeleteOptions } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../api/types';
import { ClientBase, nameOf } from './client-base';
import { type ClientConfig, loadKubeconfig } from './config';
import type {
  ApiObject,
  ClientInterface,
  CreateOptions,
  DeleteOptions,
  ListOptions,
  ObjectList,
  PatchOptions,
  PatchType,
  WatchCloseHandler,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from './interface';
import { queryString, resourcePath } from './paths';
import { Transport } from './transport';
import { watchOverHttp } from './watch';

export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

type NS = string | undefined;

export class KubeClient extends ClientBase implements ClientInterface {
  private readonly transport: Transport;
  /** The namespace of the kubeconfig's current context ("default" otherwise); for CLIs. */
  defaultNamespace = 'default';

  constructor(readonly config: ClientConfig) {
    super();
    this.transport = new Transport(config);
  }

  static fromKubeconfig(path: string, context?: string): KubeClient {
    const { config, namespace } = loadKubeconfig(path, context);
    const client = new KubeClient(config);
    client.defaultNamespace = namespace;
    return client;
  }

  /** Frees idle connections; call when the process is done with the cluster. */
  close(): void {
    this.transport.close();
  }

  get<T extends ApiObject = KubeObject>(resource: string, namespace: NS, name: string): Promise<T> {
    return this.call('GET', { resource, namespace, name }, `get ${resource} ${name}`);
  }

  list<T extends ApiObject = KubeObject>(
    resource: string,
    namespace?: string,
    options: ListOptions = {},
  ): Promise<ObjectList<T>> {
    const query = queryString({
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      limit: options.limit,
      continue: options.continue,
      resourceVersion: options.resourceVersion,
    });
    return this.call('GET', { resource, namespace }, `get ${resource}`, query);
  }

  create<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: NS,
    obj: T,
    options: CreateOptions = {},
  ) {
    return this.call<T>('POST', { resource, namespace }, `post ${resource}`, writeQuery(options), obj);
  }

  async update<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: NS,
    obj: T,
    options: CreateOptions = {},
  ): Promise<T> {
    const name = nameOf(obj);
    return this.call<T>(
      'PUT',
      { resource, namespace, name },
      `put ${resource} ${name}`,
      writeQuery(options),
      obj,
    );
  }

  patch<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: NS,
    name: string,
    type: PatchType,
    patch: unknown,
    options: PatchOptions = {},
  ): Promise<T> {
    return this.patchPath({ resource, namespace, name }, type, patch, options);
  }

  delete(resource: string, namespace: NS, name: string, options: DeleteOptions = {}): Promise<KubeObject> {
    const body = deleteBody(options);
    return this.call('DELETE', { resource, namespace, name }, `delete ${resource} ${name}`, '', body);
  }

  deleteCollection(
    resource: string,
    namespace: NS,
    options: ListOptions & DeleteOptions = {},
  ): Promise<KubeObject> {
    const query = queryString({ labelSelector: options.labelSelector, fieldSelector: options.fieldSelector });
    return this.call('DELETE', { resource, namespace }, `delete ${resource}`, query, deleteBody(options));
  }

  getSubresource<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: NS,
    name: string,
    sub: string,
  ) {
    return this.call<T>('GET', { resource, namespace, name, subresource: sub }, `get ${resource} ${name}`);
  }

  createSubresource<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: NS,
    name: string,
    sub: string,
    body: ApiObject,
  ): Promise<T> {
    return this.call(
      'POST',
      { resource, namespace, name, subresource: sub },
      `post ${resource} ${name}`,
      '',
      body,
    );
  }

  updateSubresource<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: NS,
    name: string,
    sub: string,
    body: ApiObject,
  ): Promise<T> {
    return this.call(
      'PUT',
      { resource, namespace, name, subresource: sub },
      `put ${resource} ${name}`,
      '',
      body,
    );
  }

  patchSubresource<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: NS,
    name: string,
    sub: string,
    type: PatchType,
    patch: unknown,
  ): Promise<T> {
    return this.patchPath({ resource, namespace, name, subresource: sub }, type, patch, {});
  }

  watch<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: NS,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClose: WatchCloseHandler,
  ): WatchHandle {
    return watchOverHttp(this.transport, resource, namespace, options, onEvent, onClose);
  }

  private patchPath<T>(
    parts: { resource: string; namespace: NS; name: string; subresource?: string },
    type: PatchType,
    patch: unknown,
    options: PatchOptions,
  ): Promise<T> {
    // Server-side apply requires a field manager; kubectl's is "kubectl", ours names the library.
    const query = queryString({
      dryRun: options.dryRun ? 'All' : undefined,
      fieldManager: options.fieldManager ?? (type === 'apply' ? 'k8ts' : undefined),
      force: options.force ? 'true' : undefined,
    });
    return this.transport.request({
      method: 'PATCH',
      path: resourcePath(parts) + query,
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
      what: `patch ${parts.resource} ${parts.name}`,
    }) as Promise<T>;
  }

  private call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    parts: { resource: string; namespace: NS; name?: string; subresource?: string },
    what: string,
    query = '',
    body?: unknown,
  ): Promise<T> {
    return this.transport.request({ method, path: resourcePath(parts) + query, body, what }) as Promise<T>;
  }
}

function writeQuery(options: CreateOptions): string {
  return queryString({ dryRun: options.dryRun ? 'All' : undefined, fieldManager: options.fieldManager });
}

function deleteBody(options: DeleteOptions): WireDeleteOptions | undefined {
  const body: WireDeleteOptions = { apiVersion: 'v1', kind: 'DeleteOptions' };
  if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
  if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy;
  if (options.preconditions) body.preconditions = options.preconditions;
  if (options.dryRun) body.dryRun = ['All'];
  return Object.keys(body).length > 2 ? body : undefined;
}
