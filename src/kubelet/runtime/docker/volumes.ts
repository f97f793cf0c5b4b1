// Pod volumes on disk: emptyDir is a directory under <rootDir>/pods/<uid>/volumes/kubernetes.io~empty-dir/<name>
// (created with the sandbox, deleted with the pod), hostPath is the node path itself. Containers get them as
// bind mounts. Memory-medium emptyDirs are plain directories here (documented limitation).
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Pod } from '../../../api/types';

export function podDir(rootDir: string, podUid: string): string {
  if (!podUid || podUid.includes('/') || podUid.startsWith('.'))
    throw new Error(`invalid pod UID ${JSON.stringify(podUid)}`);
  return path.join(rootDir, 'pods', podUid);
}

export function emptyDirPath(rootDir: string, podUid: string, volume: string): string {
  return path.join(podDir(rootDir, podUid), 'volumes', 'kubernetes.io~empty-dir', volume);
}

/** Host paths of the pod's volumes by name. Throws for a volume type this node cannot provide. */
export function volumeSources(rootDir: string, pod: Pod): Map<string, string> {
  const uid = pod.metadata?.uid ?? '';
  const out = new Map<string, string>();
  for (const v of pod.spec?.volumes ?? []) {
    if (v.hostPath) out.set(v.name, v.hostPath.path);
    else if (v.emptyDir) out.set(v.name, emptyDirPath(rootDir, uid, v.name));
    else throw new Error(`volume "${v.name}": only emptyDir and hostPath volumes are supported on this node`);
  }
  return out;
}

/** Creates the pod's emptyDir directories (world-writable, as Kubernetes makes them). Idempotent. */
export async function prepareVolumes(rootDir: string, pod: Pod): Promise<void> {
  for (const v of pod.spec?.volumes ?? []) {
    if (!v.emptyDir) continue;
    const dir = emptyDirPath(rootDir, pod.metadata?.uid ?? '', v.name);
    await mkdir(dir, { recursive: true, mode: 0o777 });
  }
}

/** Deletes everything the node kept for the pod (its emptyDirs included). hostPath data is never touched. */
export async function removePodDir(rootDir: string, podUid: string): Promise<void> {
  await rm(podDir(rootDir, podUid), { recursive: true, force: true });
}
