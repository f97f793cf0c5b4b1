// Translation of etcd3 client errors into StorageErrors, at the boundary (STYLE.md rule 12).
import { StorageError } from '../store';

const COMPACTED = 'required revision has been compacted';
export const FUTURE_REVISION = 'required revision is a future revision';

export function isCompactedError(err: unknown): boolean {
  return err instanceof Error && err.message.includes(COMPACTED);
}

/** Every failure that is not a compare-and-swap answer: compaction → 'TooOld', anything else → 'Unavailable'. */
export function translateEtcdError(err: unknown, key: string): StorageError {
  if (err instanceof StorageError) return err;
  if (isCompactedError(err))
    return new StorageError('TooOld', key, 'too old resource version: history compacted');
  const message = err instanceof Error ? err.message : String(err);
  return new StorageError('Unavailable', key, `etcd is unavailable: ${message}`);
}
