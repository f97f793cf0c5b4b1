// The meta.k8s.io/v1 Table wire types (kubectl's `get` asks for them) and the shape of one resource printer.
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../api/types';

export interface TableColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /** "name" on the Name column makes kubectl print `pod/web-1` when several types are shown. */
  format: string;
  description: string;
  /** 0: always shown; 1: only with `-o wide`. */
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: KubeObject | PartialObjectMetadata;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/**
 * How one resource prints: its columns, and the cells of one object in column order. The server always
 * fills every column (wide ones too); kubectl hides priority 1 columns unless `-o wide`.
 */
export interface Printer {
  columns: TableColumnDefinition[];
  cells(obj: any, now: number): unknown[];
  conditions?(obj: any): TableRowCondition[] | undefined;
}

/** A column; `wide` columns get priority 1. */
export function column(
  name: string,
  description: string,
  opts: { type?: TableColumnDefinition['type']; wide?: boolean; format?: string } = {},
): TableColumnDefinition {
  return {
    name,
    type: opts.type ?? 'string',
    format: opts.format ?? '',
    description,
    priority: opts.wide ? 1 : 0,
  };
}

export const NAME_COLUMN = column(
  'Name',
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  { format: 'name' },
);

export const AGE_COLUMN = column(
  'Age',
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
);

/** labels.FormatLabels: `a=b,c=d` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}
