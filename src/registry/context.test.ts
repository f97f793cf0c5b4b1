// The one mapping of storage failures onto what the API answers: a full store is 507 with the backend's
// explanation, an unreachable or closed one 503, any other storage failure 500; other errors pass through.
import { describe, expect, it } from 'vitest';
import { StatusError, errors } from '../api/errors';
import { StorageError } from '../storage';
import { storageFailure } from './context';

const full = 'storage full: etcd database space exceeded (NOSPACE alarm); nothing was written. ...';

describe('storageFailure', () => {
  it('answers a full store with 507 and the message that says what to do', () => {
    const status = (
      storageFailure(new StorageError('NoSpace', '/registry/pods/default/a', full)) as StatusError
    ).toStatus();
    expect(status).toMatchObject({ code: 507, reason: 'InternalError', message: full, status: 'Failure' });
  });

  it('answers an unavailable or closed store with 503', () => {
    for (const code of ['Unavailable', 'Closed'] as const) {
      const e = storageFailure(new StorageError(code, 'k', 'etcd is unavailable: x')) as StatusError;
      expect([e.code, e.reason, e.message]).toEqual([
        503,
        'ServiceUnavailable',
        'storage is unavailable: etcd is unavailable: x',
      ]);
    }
  });

  it('answers any other storage failure with 500 and leaves other errors alone', () => {
    expect((storageFailure(new StorageError('TooOld', 'k', 'too old')) as StatusError).code).toBe(500);
    const notFound = errors.notFound('pods', 'a');
    expect(storageFailure(notFound)).toBe(notFound);
  });
});
