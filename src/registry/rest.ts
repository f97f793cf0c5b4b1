// The contract between the HTTP layer (src/apiserver) and the registry: one ResourceStorage per resource,
// plus handlers for subresources. The registry validates, defaults, stores and watches; the HTTP layer only
// decodes requests, negotiates formats and encodes answers. Every failure is a StatusError (src/api/errors).
import type { DeleteOptions } from 'kubernetes-types/meta/v1';
import type { KubeList, KubeObject, WatchEventType } from '../api/types';
import type { ResourceInfo } from '../api/resources';
import type { PatchType } from '../api/patch';

export interface RequestContext {
  /** The namespace from the URL; undefined for cluster-scoped resources and all-namespaces lists. */
  namespace?: string;
  /** dryRun=All: validate and answer as if written, store nothing. */
  dryRun?: boolean;
  /** fieldValidation: Strict rejects unknown fields (400), Warn reports them through warnings, Ignore drops them. */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  /** Warnings to send back as `Warning: 299 - "..."` headers; the registry appends to it. */
  warnings?: string[];
  /** Authenticated user name, once auth exists. */
  user?: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  /** "" or undefined = most recent; "0" = any (may be served from the watch cache). */
  resourceVersion?: string;
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Unset or "0": first an ADDED per existing object, then changes. Otherwise changes after this revision. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
}

export interface WatchEventOut {
  type: WatchEventType;
  object: KubeObject;
}

export interface WatchHandle {
  /** Stops the watch; no send() happens after it returns. */
  stop(): void;
}

export interface ResourceStorage {
  readonly info: ResourceInfo;
  get(ctx: RequestContext, name: string): Promise<KubeObject>;
  /**
   * The object's JSON exactly as get() would be encoded, without decoding it: for a plain JSON GET, where the
   * object itself is never looked at. Same errors as get(). Optional: the HTTP layer falls back to get().
   */
  getJson?(ctx: RequestContext, name: string): Promise<string>;
  list(ctx: RequestContext, options: ListOptions): Promise<KubeList>;
  /** Validates and defaults body (any JSON value), then stores it. 201 semantics. */
  create(ctx: RequestContext, body: unknown): Promise<KubeObject>;
  /** PUT: replaces; a stale metadata.resourceVersion → 409 Conflict. `created` when it did not exist (if allowed). */
  update(ctx: RequestContext, name: string, body: unknown): Promise<{ object: KubeObject; created: boolean }>;
  /** PATCH of every type kubectl sends; retries internally on write conflicts. 'apply' may create. */
  patch(
    ctx: RequestContext,
    name: string,
    type: PatchType,
    patch: unknown,
    options?: { force?: boolean; fieldManager?: string },
  ): Promise<{ object: KubeObject; created: boolean }>;
  /**
   * DELETE. Graceful kinds (pods bound to a node) are only marked (deletionTimestamp) and returned with
   * `deleted: false`; everything else is removed at once and returned with `deleted: true`.
   */
  delete(
    ctx: RequestContext,
    name: string,
    options: DeleteOptions,
  ): Promise<{ object: KubeObject; deleted: boolean }>;
  deleteCollection(ctx: RequestContext, list: ListOptions, options: DeleteOptions): Promise<KubeList>;
  /** Streams events to send(); errors after start arrive as an ERROR event (e.g. 410 Expired). */
  watch(
    ctx: RequestContext,
    options: WatchOptions,
    send: (event: WatchEventOut) => void,
  ): Promise<WatchHandle>;
}

/** A subresource such as pods/status, pods/binding or replicationcontrollers/scale. */
export interface SubresourceStorage {
  get?(ctx: RequestContext, name: string): Promise<KubeObject>;
  /** POST (pods/binding). */
  create?(ctx: RequestContext, name: string, body: unknown): Promise<KubeObject>;
  update?(ctx: RequestContext, name: string, body: unknown): Promise<KubeObject>;
  patch?(ctx: RequestContext, name: string, type: PatchType, patch: unknown): Promise<KubeObject>;
}

/** What the apiserver gets from the registry: every resource, every subresource ("pods/status"). */
export interface Registry {
  resource(name: string): ResourceStorage | undefined;
  subresource(resource: string, sub: string): SubresourceStorage | undefined;
  /** Stops watch caches and background work; the store is closed by whoever opened it. */
  close(): Promise<void>;
}
