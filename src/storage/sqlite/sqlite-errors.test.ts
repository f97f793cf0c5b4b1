// What a user reads when SQLite or the file system fails: a full disk is 'NoSpace' naming the file and the
// remedy; other I/O failures are 'Unavailable'; a compare-and-swap answer is not rewritten.
import { describe, expect, it } from 'vitest';
import { StorageError } from '../store';
import { isNoSpaceError, translateSqliteError } from './sqlite-errors';

const failure = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('translateSqliteError', () => {
  it.each([
    ['SQLITE_FULL', 'database or disk is full'],
    ['ENOSPC', 'ENOSPC: no space left on device, fsync'],
    ['EDQUOT', 'EDQUOT: disk quota exceeded'],
  ])('%s is NoSpace, naming the file, the cause and what to do', (code, message) => {
    const e = translateSqliteError(failure(code, message), 'write', '/var/lib/k8ts/state.db');
    expect(e.code).toBe('NoSpace');
    expect(e.message).toBe(
      `storage full: the write failed because the filesystem of /var/lib/k8ts/state.db has no space left (${message}); ` +
        'nothing was written. Free space on that filesystem (or grow it), then retry',
    );
  });

  it('reports another I/O failure as Unavailable', () => {
    const e = translateSqliteError(failure('SQLITE_IOERR_WRITE', 'disk I/O error'), 'write', '/d/state.db');
    expect(e.code).toBe('Unavailable');
    expect(e.message).toBe('storage write failed with an I/O error: disk I/O error');
  });

  it('reports a locked database as Unavailable without calling it an I/O error', () => {
    const e = translateSqliteError(failure('SQLITE_BUSY', 'database is locked'), 'write', '/d/state.db');
    expect(e.code).toBe('Unavailable');
    expect(e.message).toBe('storage write failed: database is locked');
  });

  it('passes a StorageError through unchanged', () => {
    const conflict = new StorageError('Conflict', '/registry/pods/default/a');
    expect(translateSqliteError(conflict, 'write', '/d/state.db')).toBe(conflict);
  });

  it('tells no-space failures from the rest', () => {
    expect(isNoSpaceError(failure('SQLITE_FULL', 'x'))).toBe(true);
    expect(isNoSpaceError(failure('SQLITE_IOERR', 'x'))).toBe(false);
    expect(isNoSpaceError(new Error('no code'))).toBe(false);
    expect(isNoSpaceError('ENOSPC')).toBe(false);
  });
});
