import { describe, expect, it } from 'vitest';
import { resourceInfo } from '../../../api/resources';
import type { Table } from '../../../apiserver/tables/types';
import { TablePrinter } from './table';

const col = (name: string, priority = 0, format = '') => ({
  name,
  type: 'string' as const,
  format,
  description: '',
  priority,
});
const row = (ns: string, ...cells: unknown[]) => ({
  cells,
  object: {
    kind: 'PartialObjectMetadata' as const,
    apiVersion: 'meta.k8s.io/v1' as const,
    metadata: { namespace: ns },
  },
});
const table: Table = {
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  metadata: {},
  columnDefinitions: [col('Name', 0, 'name'), col('Restarts'), col('IP', 1)],
  rows: [row('default', 'web-1', 0, '10.0.0.5'), row('kube-system', 'dns-abc', 12, null)],
};
const pods = resourceInfo('pods')!;

describe('TablePrinter', () => {
  it('prints upper-case headers and the priority-0 columns, three spaces apart', () => {
    const p = new TablePrinter(pods, table, { wide: false, withNamespace: false, withKind: false });
    expect(p.render()).toBe('NAME      RESTARTS\nweb-1     0\ndns-abc   12\n');
  });

  it('adds wide columns, NAMESPACE from the row objects and kind/name', () => {
    const p = new TablePrinter(pods, table, { wide: true, withNamespace: true, withKind: true });
    expect(p.render()).toBe(
      [
        'NAMESPACE     NAME          RESTARTS   IP',
        'default       pod/web-1     0          10.0.0.5',
        'kube-system   pod/dns-abc   12         <none>',
        '',
      ].join('\n'),
    );
  });

  it('keeps later rows (watch events) under the columns already printed', () => {
    const p = new TablePrinter(pods, table, { wide: false, withNamespace: false, withKind: false });
    p.render();
    expect(p.renderRows([row('default', 'x', 1)])).toBe('x         1\n');
  });
});
