// tables: server-side printing for `kubectl get` (Accept `application/json;as=Table;g=meta.k8s.io;v=v1`).
// Pure: objects in, a meta.k8s.io/v1 Table out, with the columns and cell formatting of Kubernetes' own
// printers (pkg/printers/internalversion/printers.go) so kubectl output looks the same as against Kubernetes.
export { toTable, type TableOptions } from './to-table';
export type {
  Table,
  TableColumnDefinition,
  TableRow,
  TableRowCondition,
  PartialObjectMetadata,
} from './types';
export { humanDuration, ageSince } from './duration';
