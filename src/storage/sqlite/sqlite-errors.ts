// Translation of SQLite and file-system failures into StorageErrors, at the boundary (STYLE.md rule 12).
// A full disk is 'NoSpace' with a message that says what happened and what to do; any other I/O failure is
// 'Unavailable'. StorageErrors (a compare-and-swap answer) pass through unchanged.
import { StorageError } from '../store';

/** better-sqlite3's SqliteError codes ('SQLITE_FULL', 'SQLITE_IOERR_WRITE') and Node's fs codes ('ENOSPC'). */
const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
    ? (err as { code: string }).code
    : '';

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** SQLITE_FULL is SQLite's "database or disk is full"; ENOSPC and EDQUOT are the kernel's (fsync, open). */
export function isNoSpaceError(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * @param what the operation that failed, as a user reads it: 'write', 'sync of the write-ahead log'
 * @param dbPath the database file, named in the message so an operator knows which filesystem to free
 */
export function translateSqliteError(err: unknown, what: string, dbPath: string): StorageError {
  if (err instanceof StorageError) return err;
  const cause = messageOf(err);
  if (isNoSpaceError(err)) {
    return new StorageError(
      'NoSpace',
      '',
      `storage full: the ${what} failed because the filesystem of ${dbPath} has no space left (${cause}); ` +
        'nothing was written. Free space on that filesystem (or grow it), then retry',
    );
  }
  const io = codeOf(err).startsWith('SQLITE_IOERR') || codeOf(err) === 'EIO';
  return new StorageError(
    'Unavailable',
    '',
    `storage ${what} failed${io ? ' with an I/O error' : ''}: ${cause}`,
  );
}
