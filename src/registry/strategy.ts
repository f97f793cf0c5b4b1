// Strategy: what differs between kinds, kept small so the generic store does the rest (STYLE.md rule 5).
// Validation and defaulting proper live in src/api; a strategy adds only the registry's rules: what a
// create resets, what an update may not touch, how deletion is staged, and side effects such as IPs.
import type { FieldError } from '../api/errors';
import { resourceInfo, type ResourceInfo } from '../api/resources';
import type { DeleteOptions, KubeObject } from '../api/types';

export interface Strategy {
  readonly info: ResourceInfo;
  /** Has a status subresource: writes to the main resource keep the stored status (and vice versa). */
  readonly hasStatus: boolean;
  /** PUT of a missing object creates it (Kubernetes' AllowCreateOnUpdate). */
  readonly allowCreateOnUpdate: boolean;
  /** Resets what a client may not choose on create (e.g. a pod's status). Mutates obj. */
  prepareForCreate(obj: KubeObject): void;
  /** Carries over from old what an update may not change. Mutates obj. */
  prepareForUpdate(obj: KubeObject, old: KubeObject): void;
  /** Registry-level checks on top of src/api validation. */
  validate(obj: KubeObject): FieldError[];
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
  /** Pending finalizers: while any remain, delete only marks the object. */
  finalizers(obj: KubeObject): string[];
  /** Seconds to wait before removal (0 = remove at once), from the object and the DeleteOptions. */
  gracePeriod(obj: KubeObject, options: DeleteOptions): number;
  /** Extra change when an object is marked for deletion (namespaces turn Terminating). Mutates obj. */
  onMarkDeleted(obj: KubeObject): void;
  /** Throws a StatusError when the object may not be deleted at all. */
  checkDelete(obj: KubeObject): void;
  /**
   * Runs after validation, before the object is first stored (allocations). Returns an undo, called if the
   * write then fails. With dryRun it only checks. May throw a StatusError (e.g. 422).
   */
  beforeCreate(obj: KubeObject, dryRun: boolean): Promise<(() => Promise<void>) | undefined>;
  /**
   * Runs after validation, before an update that changes the object is written (allocations the update
   * adds). Returns an undo, called if that write fails; may run again when the write is retried. With
   * dryRun it only checks. May throw a StatusError (e.g. 422).
   */
  beforeUpdate(obj: KubeObject, old: KubeObject, dryRun: boolean): Promise<(() => Promise<void>) | undefined>;
  /** Runs after an update is written (releases what `old` held and `obj` no longer uses). Must not throw. */
  afterUpdate(obj: KubeObject, old: KubeObject): Promise<void>;
  /** Runs after the object is removed from the store (releases). Must not throw. */
  afterDelete(obj: KubeObject): Promise<void>;
}

/** The behaviour of a plain kind; strategies spread it and override what differs. */
export function baseStrategy(resource: string): Strategy {
  const info = resourceInfo(resource);
  if (!info) throw new Error(`unknown resource ${resource}`);
  return {
    info,
    hasStatus: false,
    allowCreateOnUpdate: false,
    prepareForCreate: () => {},
    prepareForUpdate: () => {},
    validate: () => [],
    validateUpdate: () => [],
    finalizers: (obj) => obj.metadata?.finalizers ?? [],
    gracePeriod: () => 0,
    onMarkDeleted: () => {},
    checkDelete: () => {},
    beforeCreate: async () => undefined,
    beforeUpdate: async () => undefined,
    afterUpdate: async () => {},
    afterDelete: async () => {},
  };
}
