// -o yaml | json | name: whole objects as kubectl prints them. Several objects become one `kind: List`; items
// get their kind and apiVersion filled in (list items come without them).
import { stringify } from 'yaml';
import type { ResourceInfo } from '../../../api/resources';
import type { KubeObject } from '../../../api/types';
import { UsageError } from '../usage-error';

export type ObjectFormat = 'yaml' | 'json' | 'name';

export interface Typed {
  info: ResourceInfo;
  obj: KubeObject;
}

export function objectFormat(output: string | undefined): ObjectFormat | 'table' | 'wide' {
  if (output === undefined || output === '') return 'table';
  if (output === 'wide' || output === 'yaml' || output === 'json' || output === 'name') return output;
  throw new UsageError(
    `unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,wide,yaml`,
  );
}

function withKind({ info, obj }: Typed): KubeObject {
  return { apiVersion: 'v1', kind: info.kind, ...obj };
}

/** `single`: print the object itself (get kind/name), else a List. */
export function printObjects(items: Typed[], format: ObjectFormat, single: boolean): string {
  if (format === 'name') return items.map((t) => `${t.info.singular}/${t.obj.metadata?.name}\n`).join('');
  const doc =
    single && items.length === 1
      ? withKind(items[0]!)
      : { apiVersion: 'v1', items: items.map(withKind), kind: 'List', metadata: { resourceVersion: '' } };
  return format === 'json' ? `${JSON.stringify(doc, null, 4)}\n` : stringify(doc);
}
