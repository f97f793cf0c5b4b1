// The client contract: what every component (scheduler, controllers, kubelet, proxy, CLI, dashboard) may ask
// of the cluster. KubeClient speaks it over HTTP(S); FakeClient (./fake) answers it from memory and records
// every call. Components take a ClientInterface, never a concrete class, so their tests can use the fake.
//
// Errors: every method rejects with a StatusError (src/api/errors) worded as the apiserver words it —
// 404 NotFound, 409 AlreadyExists/Conflict, 422 Invalid, 410 Expired, 503 ServiceUnavailable when the
// apiserver cannot be reached. Reads (get, list, watch) may always be retried; a create may be retried
// only if an AlreadyExists answer is acceptable; an update with a resourceVersion is safe to retry because
// the server rejects a stale one with Conflict.
import type { ListMeta, ObjectMeta, Preconditions } from 'kubernetes-types/meta/v1';
import type { StatusError } from '../api/errors';
import type { KubeObject, Scale, WatchEventType } from '../api/types';

/**
 * What the client accepts and returns: the object envelope. Both KubeObject and the kubernetes-types
 * interfaces (Pod, Node, ...) fit, so `client.get<Pod>('pods', ns, name)` is typed.
 */
export interface ApiObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** A list answer (PodList, ...); like api's KubeList, but its items may be kubernetes-types interfaces. */
export interface ObjectList<T extends ApiObject = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata?: ListMeta;
  items: T[];
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  /** "" or unset = most recent; "0" = any (the server may answer from its cache). */
  resourceVersion?: string;
}

export interface WatchOptions {
  /** Unset or "0": first an ADDED per existing object, then changes. Otherwise changes after this one. */
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowWatchBookmarks?: boolean;
  /** The server ends the stream (cleanly) after this long. */
  timeoutSeconds?: number;
}

export interface CreateOptions {
  dryRun?: boolean;
  fieldManager?: string;
}

export interface PatchOptions extends CreateOptions {
  /** Server-side apply only: take ownership of fields other managers own. */
  force?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: Preconditions;
  dryRun?: boolean;
}

export interface WatchEvent<T extends ApiObject = KubeObject> {
  type: WatchEventType;
  /** The object; for BOOKMARK only metadata.resourceVersion is meaningful; ERROR events never reach here. */
  object: T;
}

export interface WatchHandle {
  /** Stops the watch. Idempotent; neither callback runs after it returns. */
  stop(): void;
}

/**
 * Called once when a watch ends by itself (not after stop()): `undefined` when the server closed the stream
 * cleanly (e.g. timeoutSeconds passed) — resume from the last seen resourceVersion; a StatusError otherwise.
 * Code 410 (reason Expired or Gone) means that resourceVersion is too old: list again, then watch.
 */
export type WatchCloseHandler = (err: StatusError | undefined) => void;

export interface ClientInterface {
  /** `namespace` is ignored for cluster-scoped resources (nodes, namespaces). */
  get<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
  ): Promise<T>;
  /** One page. `namespace` undefined or "" = all namespaces. metadata.resourceVersion is the list's revision. */
  list<T extends ApiObject = KubeObject>(
    resource: string,
    namespace?: string,
    options?: ListOptions,
  ): Promise<ObjectList<T>>;
  /** Every page, following `continue`; the result carries the first page's resourceVersion. */
  listAll<T extends ApiObject = KubeObject>(
    resource: string,
    namespace?: string,
    options?: ListOptions,
  ): Promise<ObjectList<T>>;
  create<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    obj: T,
    options?: CreateOptions,
  ): Promise<T>;
  /** PUT of obj.metadata.name; a set metadata.resourceVersion makes it conditional (409 Conflict if stale). */
  update<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    obj: T,
    options?: CreateOptions,
  ): Promise<T>;
  patch<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options?: PatchOptions,
  ): Promise<T>;
  /** Answers the object (with deletionTimestamp while graceful deletion runs) or a Success Status. */
  delete(
    resource: string,
    namespace: string | undefined,
    name: string,
    options?: DeleteOptions,
  ): Promise<KubeObject>;
  deleteCollection(
    resource: string,
    namespace: string | undefined,
    options?: ListOptions & DeleteOptions,
  ): Promise<KubeObject>;

  getSubresource<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    subresource: string,
  ): Promise<T>;
  /** POST, e.g. pods/<name>/binding. */
  createSubresource<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: ApiObject,
  ): Promise<T>;
  /** PUT, e.g. pods/<name>/status. */
  updateSubresource<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: ApiObject,
  ): Promise<T>;
  patchSubresource<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    subresource: string,
    type: PatchType,
    patch: unknown,
  ): Promise<T>;

  /**
   * Streams changes. Events arrive in resourceVersion order; BOOKMARK events (if allowed) only advance the
   * resourceVersion. onClose runs at most once; see WatchCloseHandler for what to do then.
   */
  watch<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClose: WatchCloseHandler,
  ): WatchHandle;

  // Conveniences, built on the methods above by ClientBase (so the fake records them as the primitives).

  /** POST pods/<podName>/binding: the scheduler's one write. 409 if the pod is already bound. */
  bind(namespace: string, podName: string, nodeName: string): Promise<void>;
  /** PUT <resource>/<name>/status with obj (its spec is ignored by the server). */
  updateStatus<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    obj: T,
  ): Promise<T>;
  getScale(resource: string, namespace: string, name: string): Promise<Scale>;
  /** Merge-patches <resource>/<name>/scale to `replicas`. */
  patchScale(resource: string, namespace: string, name: string, replicas: number): Promise<Scale>;
}
