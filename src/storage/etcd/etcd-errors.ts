// Translation of etcd3 client errors into StorageErrors, at the boundary (STYLE.md rule 12).
import { isRecoverableError } from 'etcd3';
import { StorageError } from '../store';

const COMPACTED = 'required revision has been compacted';
export const FUTURE_REVISION = 'required revision is a future revision';

export function isCompactedError(err: unknown): boolean {
  return err instanceof Error && err.message.includes(COMPACTED);
}

/** etcd's answer to a write while its NOSPACE alarm is raised (the backend reached --quota-backend-bytes). */
const NO_SPACE = 'database space exceeded';

export function isNoSpaceError(err: unknown): boolean {
  return err instanceof Error && err.message.includes(NO_SPACE);
}

/** A failure that says something about the member's health: NOSPACE does not (reads still work there). */
export const isMemberFailure = (err: Error): boolean => isRecoverableError(err) && !isNoSpaceError(err);

/**
 * Every failure that is not a compare-and-swap answer: compaction → 'TooOld', NOSPACE → 'NoSpace' (with what
 * an operator must do), anything else → 'Unavailable'.
 */
export function translateEtcdError(err: unknown, key: string): StorageError {
  if (err instanceof StorageError) return err;
  if (isCompactedError(err))
    return new StorageError('TooOld', key, 'too old resource version: history compacted');
  if (isNoSpaceError(err))
    return new StorageError(
      'NoSpace',
      key,
      'storage full: etcd database space exceeded (NOSPACE alarm); nothing was written. Free space in etcd ' +
        '(delete objects, then "etcdctl compact" and "etcdctl defrag", or raise --quota-backend-bytes), then ' +
        'clear the alarm with "etcdctl alarm disarm" and retry',
    );
  const message = err instanceof Error ? err.message : String(err);
  return new StorageError('Unavailable', key, `etcd is unavailable: ${message}`);
}
