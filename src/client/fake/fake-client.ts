// FakeClient: ClientInterface answered from an in-memory ObjectTracker, recording every call as an Action.
// A controller test seeds objects (tracker.create or `new FakeClient({ objects })`), runs sync once, and
// compares `client.actions` (or `writes()`) with the exact list it expects — sample-controller's style.
// Reactors (prependReactor) let a test make a verb fail or answer something else, as client-go's fake does.
// Subresources act as the apiserver's do: status replaces .status, binding sets spec.nodeName (once), scale
// reads and writes spec.replicas. Strategic and apply patches use src/api/patch, like the apiserver.
import { StatusError, errors } from '../../api/errors';
import { applyPatch } from '../../api/patch';
import { resourceInfo } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import type { Clock, IdSource } from '../../util';
import { ClientBase, nameOf } from '../client-base';
import type {
  ApiObject,
  ClientInterface,
  DeleteOptions,
  ListOptions,
  ObjectList,
  PatchType,
  WatchCloseHandler,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from '../interface';
import { bindPod, scaleOf, writeSubresource } from './subresources';
import { ObjectTracker } from './tracker';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface Action {
  verb: Verb;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The body sent (create, update) or the patch (patch). */
  object?: unknown;
  patchType?: PatchType;
  /** list/watch/deletecollection selectors. */
  labelSelector?: string;
  fieldSelector?: string;
}

/** Answers {handled:true, ...} to take over the action; undefined to let the tracker answer. */
export type Reactor = (action: Action) => { result?: unknown; error?: StatusError } | undefined;

export interface FakeClientOptions {
  /** Seeded as if created, before any action is recorded: [resource, object] pairs. */
  objects?: [string, KubeObject][];
  ids?: IdSource;
  clock?: Clock;
}

export class FakeClient extends ClientBase implements ClientInterface {
  readonly tracker: ObjectTracker;
  readonly actions: Action[] = [];
  private readonly reactors: { verb: Verb | '*'; resource: string; react: Reactor }[] = [];

  constructor(options: FakeClientOptions = {}) {
    super();
    this.tracker = new ObjectTracker(options.ids, options.clock);
    for (const [resource, obj] of options.objects ?? [])
      this.tracker.create(resource, obj.metadata?.namespace, obj);
  }

  /** Actions other than get/list/watch: what a controller changed. */
  writes(): Action[] {
    return this.actions.filter((a) => a.verb !== 'get' && a.verb !== 'list' && a.verb !== 'watch');
  }

  clearActions(): void {
    this.actions.length = 0;
  }

  /** Reactors run newest first; `resource` may be "pods" or "pods/status", or "*". */
  prependReactor(verb: Verb | '*', resource: string, react: Reactor): void {
    this.reactors.unshift({ verb, resource, react });
  }

  get<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
  ): Promise<T> {
    return this.act({ verb: 'get', resource, namespace: ns(resource, namespace), name }, () =>
      this.tracker.get(resource, namespace, name),
    );
  }

  list<T extends ApiObject = KubeObject>(
    resource: string,
    namespace?: string,
    options: ListOptions = {},
  ): Promise<ObjectList<T>> {
    const { labelSelector, fieldSelector } = options;
    const action: Action = {
      verb: 'list',
      resource,
      namespace: ns(resource, namespace),
      labelSelector,
      fieldSelector,
    };
    return this.act(action, () => {
      const { items, resourceVersion } = this.tracker.list(resource, {
        namespace,
        labelSelector,
        fieldSelector,
      });
      const kind = resourceInfo(resource)?.listKind ?? 'List';
      return { apiVersion: 'v1', kind, metadata: { resourceVersion }, items };
    });
  }

  create<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    obj: T,
  ): Promise<T> {
    return this.act({ verb: 'create', resource, namespace: ns(resource, namespace), object: obj }, () =>
      this.tracker.create(resource, namespace, obj as unknown as KubeObject),
    );
  }

  update<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    obj: T,
  ): Promise<T> {
    const action: Action = { verb: 'update', resource, namespace: ns(resource, namespace), object: obj };
    return this.act(action, () =>
      this.tracker.update(resource, namespace, {
        ...(obj as unknown as KubeObject),
        metadata: { ...obj.metadata, name: nameOf(obj) },
      }),
    );
  }

  patch<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
  ): Promise<T> {
    const action: Action = {
      verb: 'patch',
      resource,
      namespace: ns(resource, namespace),
      name,
      object: patch,
      patchType: type,
    };
    return this.act(action, () => {
      const current = this.tracker.get(resource, namespace, name);
      const patched = applyPatch(type, current, patch, resourceInfo(resource)?.kind ?? '');
      // A patch is applied to the current object, so it never conflicts unless it names a version itself.
      if (type !== 'json' && !hasResourceVersion(patch))
        patched.metadata = { ...patched.metadata, resourceVersion: undefined };
      return this.tracker.update(resource, namespace, patched);
    });
  }

  delete(resource: string, namespace: string | undefined, name: string, options: DeleteOptions = {}) {
    const action: Action = {
      verb: 'delete',
      resource,
      namespace: ns(resource, namespace),
      name,
      object: options,
    };
    return this.act<KubeObject>(action, () => {
      const uid = options.preconditions?.uid;
      const current = this.tracker.get(resource, namespace, name);
      if (uid && current.metadata?.uid !== uid)
        throw errors.conflict(
          resource,
          name,
          `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata?.uid}`,
        );
      return this.tracker.delete(resource, namespace, name);
    });
  }

  deleteCollection(
    resource: string,
    namespace: string | undefined,
    options: ListOptions & DeleteOptions = {},
  ) {
    const { labelSelector, fieldSelector } = options;
    const action: Action = {
      verb: 'deletecollection',
      resource,
      namespace: ns(resource, namespace),
      labelSelector,
      fieldSelector,
    };
    return this.act<KubeObject>(action, () => {
      const { items } = this.tracker.list(resource, { namespace, labelSelector, fieldSelector });
      for (const o of items) this.tracker.delete(resource, o.metadata?.namespace, o.metadata!.name!);
      return { kind: 'Status', apiVersion: 'v1', status: 'Success' };
    });
  }

  getSubresource<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    sub: string,
  ): Promise<T> {
    const action: Action = {
      verb: 'get',
      resource,
      namespace: ns(resource, namespace),
      name,
      subresource: sub,
    };
    return this.act(action, () => {
      const obj = this.tracker.get(resource, namespace, name);
      return sub === 'scale' ? scaleOf(obj) : obj;
    });
  }

  createSubresource<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    sub: string,
    body: ApiObject,
  ): Promise<T> {
    const action: Action = {
      verb: 'create',
      resource,
      namespace: ns(resource, namespace),
      name,
      subresource: sub,
      object: body,
    };
    return this.act(action, () => {
      if (resource !== 'pods' || sub !== 'binding') throw errors.notFound(`${resource}/${sub}`, name);
      return bindPod(this.tracker, namespace, name, body);
    });
  }

  updateSubresource<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    sub: string,
    body: ApiObject,
  ): Promise<T> {
    const action: Action = {
      verb: 'update',
      resource,
      namespace: ns(resource, namespace),
      name,
      subresource: sub,
      object: body,
    };
    return this.act(action, () =>
      writeSubresource(this.tracker, resource, namespace, name, sub, body as KubeObject, true),
    );
  }

  patchSubresource<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    sub: string,
    type: PatchType,
    patch: unknown,
  ): Promise<T> {
    const action: Action = {
      verb: 'patch',
      resource,
      namespace: ns(resource, namespace),
      name,
      subresource: sub,
      object: patch,
      patchType: type,
    };
    return this.act(action, () => {
      const current = this.tracker.get(resource, namespace, name);
      const view = sub === 'scale' ? scaleOf(current) : current;
      const patched = applyPatch(
        type,
        view,
        patch,
        sub === 'scale' ? 'Scale' : (resourceInfo(resource)?.kind ?? ''),
      );
      return writeSubresource(this.tracker, resource, namespace, name, sub, patched, false);
    });
  }

  watch<T extends ApiObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClose: WatchCloseHandler,
  ): WatchHandle {
    const { labelSelector, fieldSelector } = options;
    this.actions.push({
      verb: 'watch',
      resource,
      namespace: ns(resource, namespace),
      labelSelector,
      fieldSelector,
    });
    const reacted = this.react({ verb: 'watch', resource, namespace, labelSelector, fieldSelector });
    if (reacted?.error) {
      const err = reacted.error;
      queueMicrotask(() => onClose(err));
      return { stop: () => undefined };
    }
    return this.tracker.watch(
      resource,
      { namespace, labelSelector, fieldSelector },
      options,
      onEvent as unknown as (e: WatchEvent) => void,
      onClose,
    );
  }

  /** Records the action, lets reactors answer it, else runs it against the tracker. Always async. */
  private async act<T>(action: Action, run: () => unknown): Promise<T> {
    this.actions.push(action);
    const reacted = this.react(action);
    if (reacted?.error) throw reacted.error;
    if (reacted) return structuredClone(reacted.result) as T;
    return run() as T;
  }

  private react(action: Action): ReturnType<Reactor> {
    const full = action.subresource ? `${action.resource}/${action.subresource}` : action.resource;
    for (const r of this.reactors) {
      if (r.verb !== '*' && r.verb !== action.verb) continue;
      if (r.resource !== '*' && r.resource !== full) continue;
      const answer = r.react(action);
      if (answer) return answer;
    }
    return undefined;
  }
}

/** Recorded namespace: undefined for cluster-scoped resources and all-namespaces calls. */
function ns(resource: string, namespace: string | undefined): string | undefined {
  return resourceInfo(resource)?.namespaced === false ? undefined : namespace || undefined;
}

function hasResourceVersion(patch: unknown): boolean {
  return !!(patch as { metadata?: { resourceVersion?: string } } | null)?.metadata?.resourceVersion;
}
