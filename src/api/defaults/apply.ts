// Dispatch by kind. Defaults never touch metadata.namespace: the registry takes it from the URL.
import type { KubeObject } from '../types';
import { defaultEndpoints, defaultNamespace, defaultNode } from './cluster-kinds';
import { defaultPod } from './pod';
import { defaultReplicationController } from './replication-controller';
import { defaultService } from './service';

const DEFAULTERS: Record<string, (obj: any) => void> = {
  Pod: defaultPod,
  Service: defaultService,
  ReplicationController: defaultReplicationController,
  Namespace: defaultNamespace,
  Node: defaultNode,
  Endpoints: defaultEndpoints,
};

/** Fills unset fields in place; the caller owns `obj` (never pass an informer's cached object). */
export function applyDefaults(kind: string, obj: KubeObject): void {
  DEFAULTERS[kind]?.(obj);
}
