// kubecfg's 2014 output: simple tables (Go tabwriter, columns at least 20 wide) under a row of dashes —
// ID / Image(s) / Host / Labels / Status for pods, ID / Image(s) / Selector / Replicas for replication
// controllers, ID / Labels / Selector / IP / Port for services, and a JSON or YAML form.
import { stringify } from 'yaml';
import type { ResourceInfo } from '../../../api/resources';
import type { Node, Pod, ReplicationController, Service } from '../../../api/types';
import type { ApiObject } from '../../../client';

const COLUMNS: Record<string, string[]> = {
  pods: ['ID', 'Image(s)', 'Host', 'Labels', 'Status'],
  replicationcontrollers: ['ID', 'Image(s)', 'Selector', 'Replicas'],
  services: ['ID', 'Labels', 'Selector', 'IP', 'Port'],
  nodes: ['Minion identifier', 'Labels'],
};

/** labels.Set.String(): `k=v,k2=v2`, sorted; "" when empty. */
export const labelString = (m: Record<string, string> | undefined) =>
  Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${m![k]}`)
    .join(',');

function row(resource: string, o: ApiObject): string[] {
  const name = o.metadata?.name ?? '';
  switch (resource) {
    case 'pods': {
      const p = o as Pod;
      const host = p.spec?.nodeName ? `${p.spec.nodeName}/${p.status?.hostIP ?? ''}` : '<unassigned>';
      const images = (p.spec?.containers ?? []).map((c) => c.image).join(',');
      return [name, images, host, labelString(p.metadata?.labels), p.status?.phase ?? 'Pending'];
    }
    case 'replicationcontrollers': {
      const rc = o as ReplicationController;
      const images = (rc.spec?.template?.spec?.containers ?? []).map((c) => c.image).join(',');
      return [name, images, labelString(rc.spec?.selector), String(rc.spec?.replicas ?? 1)];
    }
    case 'services': {
      const s = o as Service;
      const ports = (s.spec?.ports ?? []).map((p) => p.port).join(',');
      return [
        name,
        labelString(s.metadata?.labels),
        labelString(s.spec?.selector),
        s.spec?.clusterIP ?? '',
        ports,
      ];
    }
    default:
      return [name, labelString((o as Node).metadata?.labels)];
  }
}

export function kubecfgTable(info: ResourceInfo, objs: ApiObject[]): string {
  const header = COLUMNS[info.resource] ?? ['ID', 'Labels'];
  const rows = [header, header.map(() => '----------'), ...objs.map((o) => row(info.resource, o))];
  const widths = header.map((_, i) => Math.max(20, ...rows.map((r) => (r[i] ?? '').length + 2)));
  return rows
    .map((r) => `${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('')}\n`)
    .join('');
}

export type KubecfgFormat = 'table' | 'json' | 'yaml';

export function printKubecfg(
  info: ResourceInfo,
  objs: ApiObject[],
  format: KubecfgFormat,
  single: boolean,
): string {
  if (format === 'table') return kubecfgTable(info, objs);
  const doc = single ? objs[0] : { kind: info.listKind, apiVersion: 'v1', items: objs };
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : stringify(doc);
}
