// ObjectTracker: the fake client's in-memory cluster. Objects by resource and "namespace/name", one global
// resourceVersion counter (as the store revision), and an event log so a watch can start from any version
// after the last compact() — older ones get 410 Expired, exactly what drives informers to relist.
// It does no validation or defaulting: it is the storage of tests, not a second apiserver.
import { errors, fieldErrors } from '../../api/errors';
import { parseFieldSelector, fieldsOf, type FieldSelector } from '../../api/fields';
import { resourceInfo } from '../../api/resources';
import type { KubeObject, WatchEventType } from '../../api/types';
import { parseSelector, type Selector } from '../../labels';
import { type IdSource, rfc3339, sequentialIds, type Clock, realClock } from '../../util';
import type { WatchCloseHandler, WatchEvent, WatchHandle, WatchOptions } from '../interface';

interface LoggedEvent {
  rv: number;
  resource: string;
  type: WatchEventType;
  object: KubeObject;
}

interface Watch {
  resource: string;
  matches: (obj: KubeObject) => boolean;
  onEvent: (e: WatchEvent) => void;
  onClose: WatchCloseHandler;
}

export interface Filter {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

const copy = <T>(o: T): T => structuredClone(o);

export class ObjectTracker {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly log: LoggedEvent[] = [];
  private readonly watches = new Set<Watch>();
  private rv = 0;
  private compactedAt = 0;

  constructor(
    private readonly ids: IdSource = sequentialIds(),
    private readonly clock: Clock = realClock,
  ) {}

  /** The current resourceVersion (of the last change). */
  get resourceVersion(): string {
    return String(this.rv);
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject {
    const obj = this.bucket(resource).get(key(resource, namespace, name));
    if (!obj) throw errors.notFound(resource, name);
    return copy(obj);
  }

  list(resource: string, filter: Filter): { items: KubeObject[]; resourceVersion: string } {
    const matches = matcher(resource, filter);
    const items = [...this.bucket(resource).values()].filter(matches).map(copy);
    return { items, resourceVersion: this.resourceVersion };
  }

  /** Stores obj (namespace from the argument, name or generateName, uid and timestamp if missing). */
  create(resource: string, namespace: string | undefined, obj: KubeObject): KubeObject {
    const stored = copy(obj);
    const meta = { ...stored.metadata };
    if (isNamespaced(resource)) meta.namespace = namespace || meta.namespace || 'default';
    if (!meta.name && meta.generateName) meta.name = meta.generateName + this.ids.suffix();
    if (!meta.name)
      throw errors.invalid(kindOf(resource), '', [
        fieldErrors.required('metadata.name', 'name or generateName is required'),
      ]);
    const k = key(resource, meta.namespace, meta.name);
    if (this.bucket(resource).has(k)) throw errors.alreadyExists(resource, meta.name);
    stored.metadata = {
      ...meta,
      uid: meta.uid ?? this.ids.uid(),
      creationTimestamp: meta.creationTimestamp ?? rfc3339(this.clock.now()),
    };
    return this.write(resource, k, 'ADDED', stored);
  }

  /** Replaces the object; a set metadata.resourceVersion must be current (409 Conflict otherwise). */
  update(resource: string, namespace: string | undefined, obj: KubeObject): KubeObject {
    const name = obj.metadata?.name ?? '';
    const current = this.get(resource, namespace ?? obj.metadata?.namespace, name);
    const expected = obj.metadata?.resourceVersion;
    if (expected && expected !== current.metadata?.resourceVersion) throw errors.conflict(resource, name);
    const stored = copy(obj);
    stored.metadata = {
      ...stored.metadata,
      namespace: current.metadata?.namespace,
      uid: current.metadata?.uid,
      creationTimestamp: current.metadata?.creationTimestamp,
    };
    return this.write(resource, key(resource, current.metadata?.namespace, name), 'MODIFIED', stored);
  }

  delete(resource: string, namespace: string | undefined, name: string): KubeObject {
    const k = key(resource, namespace, name);
    const current = this.bucket(resource).get(k);
    if (!current) throw errors.notFound(resource, name);
    this.bucket(resource).delete(k);
    const gone = copy(current);
    gone.metadata = { ...gone.metadata, resourceVersion: String(++this.rv) };
    this.emit(resource, 'DELETED', gone);
    return copy(gone);
  }

  /**
   * Streams changes after options.resourceVersion; unset or "0" first sends ADDED for every current object.
   * Events run synchronously inside the write that caused them.
   */
  watch(
    resource: string,
    filter: Filter,
    options: WatchOptions,
    onEvent: (e: WatchEvent) => void,
    onClose: WatchCloseHandler,
  ): WatchHandle {
    const matches = matcher(resource, filter);
    const from = options.resourceVersion ? Number(options.resourceVersion) : 0;
    if (from > 0 && from < this.compactedAt) {
      const err = errors.gone(`too old resource version: ${from} (${this.compactedAt})`);
      queueMicrotask(() => onClose(err));
      return { stop: () => undefined };
    }
    if (from === 0) {
      for (const object of this.bucket(resource).values())
        if (matches(object)) onEvent({ type: 'ADDED', object: copy(object) });
    } else {
      for (const e of this.log)
        if (e.rv > from && e.resource === resource && matches(e.object))
          onEvent({ type: e.type, object: copy(e.object) });
    }
    const w: Watch = { resource, matches, onEvent, onClose };
    this.watches.add(w);
    return { stop: () => this.watches.delete(w) };
  }

  /** Forgets the event log up to now: a watch from an older resourceVersion gets 410 Expired. */
  compact(): void {
    this.compactedAt = this.rv;
    this.log.length = 0;
  }

  /** Ends every open watch, as a restarting apiserver would (err undefined = clean end of stream). */
  closeWatches(err?: Parameters<WatchCloseHandler>[0]): void {
    const open = [...this.watches];
    this.watches.clear();
    for (const w of open) w.onClose(err);
  }

  get openWatches(): number {
    return this.watches.size;
  }

  private write(resource: string, k: string, type: WatchEventType, obj: KubeObject): KubeObject {
    obj.metadata = { ...obj.metadata, resourceVersion: String(++this.rv) };
    this.bucket(resource).set(k, obj);
    this.emit(resource, type, obj);
    return copy(obj);
  }

  private emit(resource: string, type: WatchEventType, object: KubeObject): void {
    this.log.push({ rv: this.rv, resource, type, object });
    for (const w of [...this.watches])
      if (w.resource === resource && w.matches(object) && this.watches.has(w))
        w.onEvent({ type, object: copy(object) });
  }

  private bucket(resource: string): Map<string, KubeObject> {
    let b = this.objects.get(resource);
    if (!b) this.objects.set(resource, (b = new Map()));
    return b;
  }
}

function isNamespaced(resource: string): boolean {
  return resourceInfo(resource)?.namespaced ?? true;
}

function kindOf(resource: string): string {
  return resourceInfo(resource)?.kind ?? resource;
}

function key(resource: string, namespace: string | undefined, name: string): string {
  return isNamespaced(resource) ? `${namespace || 'default'}/${name}` : name;
}

function matcher(resource: string, filter: Filter): (obj: KubeObject) => boolean {
  let labels: Selector | undefined;
  let fields: FieldSelector | undefined;
  try {
    if (filter.labelSelector) labels = parseSelector(filter.labelSelector);
    if (filter.fieldSelector) fields = parseFieldSelector(filter.fieldSelector);
  } catch (e) {
    throw errors.badRequest((e as Error).message);
  }
  const ns = isNamespaced(resource) ? filter.namespace : undefined;
  return (obj) =>
    (!ns || obj.metadata?.namespace === ns) &&
    (!labels || labels.matches(obj.metadata?.labels)) &&
    (!fields || fields.matches(fieldsOf(resource, obj)));
}
