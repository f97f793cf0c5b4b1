// `kubectl get namespaces` columns: name, phase (Active / Terminating) and age.
import type { Namespace } from 'kubernetes-types/core/v1';
import { ageSince } from '../duration';
import { AGE_COLUMN, NAME_COLUMN, column, type Printer } from '../types';

export const namespacePrinter: Printer = {
  columns: [NAME_COLUMN, column('Status', 'The status of the namespace'), AGE_COLUMN],
  cells(ns: Namespace, now: number) {
    return [ns.metadata?.name ?? '', ns.status?.phase ?? '', ageSince(ns.metadata?.creationTimestamp, now)];
  },
};
