// toTable: a list of objects of one resource → the meta.k8s.io/v1 Table that `kubectl get` prints.
// Each row carries the object as kubectl needs it: PartialObjectMetadata by default (enough for -A,
// --show-labels and -L), the full object for `includeObject=Object` (--sort-by), nothing for None.
import { resourceInfo } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import { ageSince } from './duration';
import { componentStatusPrinter } from './printers/componentstatuses';
import { endpointsPrinter } from './printers/endpoints';
import { eventPrinter } from './printers/events';
import { namespacePrinter } from './printers/namespaces';
import { nodePrinter } from './printers/nodes';
import { podPrinter } from './printers/pods';
import { replicationControllerPrinter } from './printers/replicationcontrollers';
import { servicePrinter } from './printers/services';
import { AGE_COLUMN, NAME_COLUMN, type Printer, type Table, type TableRow } from './types';

export interface TableOptions {
  /** Wall-clock milliseconds the ages are computed against. */
  now: number;
  /** What rows[].object holds; Kubernetes' default is Metadata. */
  includeObject?: 'None' | 'Metadata' | 'Object';
  listMeta?: { resourceVersion?: string; continue?: string };
  /** Leave columnDefinitions empty (watch events after the first; kubectl reuses the list's columns). */
  omitColumnDefinitions?: boolean;
}

const PRINTERS: Record<string, Printer> = {
  pods: podPrinter,
  services: servicePrinter,
  replicationcontrollers: replicationControllerPrinter,
  endpoints: endpointsPrinter,
  nodes: nodePrinter,
  namespaces: namespacePrinter,
  events: eventPrinter,
  componentstatuses: componentStatusPrinter,
};

/** Resources without their own columns print NAME and AGE, like Kubernetes' default table convertor. */
const DEFAULT_PRINTER: Printer = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  cells: (obj: KubeObject, now: number) => [
    obj.metadata?.name ?? '',
    ageSince(obj.metadata?.creationTimestamp, now),
  ],
};

function rowObject(
  resource: string,
  obj: KubeObject,
  include: TableOptions['includeObject'],
): TableRow['object'] {
  if (include === 'None') return undefined;
  if (include === 'Object') {
    const info = resourceInfo(resource);
    return { ...obj, kind: obj.kind ?? info?.kind, apiVersion: obj.apiVersion ?? 'v1' };
  }
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

/** The Table for `objects` of `resource` (plural REST name, e.g. "pods"). */
export function toTable(resource: string, objects: KubeObject[], options: TableOptions): Table {
  const printer = PRINTERS[resource] ?? DEFAULT_PRINTER;
  const include = options.includeObject ?? 'Metadata';
  const metadata: Table['metadata'] = {};
  if (options.listMeta?.resourceVersion) metadata.resourceVersion = options.listMeta.resourceVersion;
  if (options.listMeta?.continue) metadata.continue = options.listMeta.continue;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: options.omitColumnDefinitions ? [] : printer.columns,
    rows: objects.map((obj) => {
      const row: TableRow = { cells: printer.cells(obj, options.now) };
      const conditions = printer.conditions?.(obj);
      if (conditions) row.conditions = conditions;
      const object = rowObject(resource, obj, include);
      if (object) row.object = object;
      return row;
    }),
  };
}
