// Pod volumes: DNS-1123 label names, unique, exactly one source. k8ts' kubelet mounts emptyDir and
// hostPath; the other Kubernetes sources are accepted as valid API objects (a node rejects them later).
import { fieldErrors, type FieldError } from '../errors';
import type { Volume } from '../types';
import { child, index } from './field-path';
import { isDNS1123Label } from './names';
import { validateQuantity } from './resources';
import { isRecord, listAt } from './shape';
import { validateEnum } from './container';

const SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
] as const;

const HOST_PATH_TYPES = [
  '',
  'DirectoryOrCreate',
  'Directory',
  'FileOrCreate',
  'File',
  'Socket',
  'CharDevice',
  'BlockDevice',
];

function validateSource(name: string, source: unknown, path: string): FieldError[] {
  if (!isRecord(source)) return [fieldErrors.typeInvalid(path, source, 'must be an object')];
  const errs: FieldError[] = [];
  if (name === 'hostPath') {
    const p = source.path;
    if (!p) errs.push(fieldErrors.required(child(path, 'path')));
    else if (typeof p === 'string' && p.split('/').includes('..'))
      errs.push(fieldErrors.invalid(child(path, 'path'), p, "must not contain '..'"));
    if (source.type !== undefined && !HOST_PATH_TYPES.includes(source.type as string))
      errs.push(fieldErrors.notSupported(child(path, 'type'), source.type, HOST_PATH_TYPES));
  }
  if (name === 'emptyDir') {
    if (source.medium !== undefined && source.medium !== '')
      errs.push(...validateEnum(source.medium, ['', 'Memory', 'HugePages'], child(path, 'medium')));
    if (source.sizeLimit !== undefined) validateQuantity(source.sizeLimit, child(path, 'sizeLimit'), errs);
  }
  return errs;
}

/** Validates the volume list and returns the names that mounts may refer to. */
export function validateVolumes(volumes: unknown, path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  listAt<Volume>(volumes, path, errs).forEach((vol, i) => {
    const p = index(path, i);
    const v = (isRecord(vol) ? vol : {}) as Record<string, unknown>;
    const present = SOURCES.filter((s) => v[s] !== undefined && v[s] !== null);
    if (present.length === 0) errs.push(fieldErrors.required(p, 'must specify a volume type'));
    present.forEach((s, n) => {
      if (n > 0) errs.push(fieldErrors.forbidden(child(p, s), 'may not specify more than 1 volume type'));
      else errs.push(...validateSource(s, v[s], child(p, s)));
    });
    const name = v.name;
    if (!name) errs.push(fieldErrors.required(child(p, 'name')));
    else if (typeof name !== 'string')
      errs.push(fieldErrors.typeInvalid(child(p, 'name'), name, 'must be a string'));
    else {
      for (const msg of isDNS1123Label(name)) errs.push(fieldErrors.invalid(child(p, 'name'), name, msg));
      if (names.has(name)) errs.push(fieldErrors.duplicate(child(p, 'name'), name));
      names.add(name);
    }
  });
  return { errs, names };
}
