// The one place the HTTP layer turns objects into a meta.k8s.io/v1 Table (columns come from ./tables).
import type { ListMeta } from 'kubernetes-types/meta/v1';
import type { ResourceInfo } from '../api/resources';
import type { KubeObject } from '../api/types';
import type { IncludeObject } from './negotiate';
import { toTable } from './tables';

export function tableOf(
  info: Pick<ResourceInfo, 'resource'>,
  objects: KubeObject[],
  o: { now: number; includeObject: IncludeObject; listMeta?: ListMeta; omitColumnDefinitions?: boolean },
): KubeObject {
  return toTable(info.resource, objects, o) as unknown as KubeObject;
}
