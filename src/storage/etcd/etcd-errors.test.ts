// What a user reads when etcd refuses a call: NOSPACE is 'NoSpace' with the operator's remedy and does not
// count against the member's health (reads must go on); compaction is 'TooOld'; the rest 'Unavailable'.
import { GRPCResourceExhastedError, GRPCUnavailableError } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../store';
import { isMemberFailure, translateEtcdError } from './etcd-errors';

const noSpace = () =>
  new GRPCResourceExhastedError('8 RESOURCE_EXHAUSTED: etcdserver: mvcc: database space exceeded');

describe('translateEtcdError', () => {
  it('turns "database space exceeded" into NoSpace that says what an operator must do', () => {
    const e = translateEtcdError(noSpace(), '/registry/pods/default/a');
    expect(e.code).toBe('NoSpace');
    expect(e.key).toBe('/registry/pods/default/a');
    expect(e.message).toBe(
      'storage full: etcd database space exceeded (NOSPACE alarm); nothing was written. Free space in etcd ' +
        '(delete objects, then "etcdctl compact" and "etcdctl defrag", or raise --quota-backend-bytes), then ' +
        'clear the alarm with "etcdctl alarm disarm" and retry',
    );
  });

  it('keeps compaction as TooOld and anything else as Unavailable', () => {
    expect(
      translateEtcdError(new Error('etcdserver: mvcc: required revision has been compacted'), 'k').code,
    ).toBe('TooOld');
    const down = translateEtcdError(
      new GRPCUnavailableError('14 UNAVAILABLE: No connection established'),
      'k',
    );
    expect(down.code).toBe('Unavailable');
    expect(down.message).toBe('etcd is unavailable: 14 UNAVAILABLE: No connection established');
  });

  it('passes a StorageError through unchanged', () => {
    const exists = new StorageError('KeyExists', 'k');
    expect(translateEtcdError(exists, 'k')).toBe(exists);
  });
});

describe('isMemberFailure', () => {
  it('does not hold NOSPACE against the member, so its breaker stays closed for reads', () => {
    expect(isMemberFailure(noSpace())).toBe(false);
    expect(isMemberFailure(new GRPCUnavailableError('14 UNAVAILABLE'))).toBe(true);
    expect(isMemberFailure(new Error('etcdserver: permission denied'))).toBe(false);
  });
});
