import { describe, expect, it } from 'vitest';
import { StatusError } from '../api/errors';
import { deleteQuery, listOptions, watchOptions, writeContext } from './query';

const q = (s: string) => new URLSearchParams(s);

function code(fn: () => unknown): number {
  try {
    fn();
    return 0;
  } catch (e) {
    return (e as StatusError).code;
  }
}

describe('query options', () => {
  it('decodes kubectl label selectors, where + is a space', () => {
    expect(listOptions(q('labelSelector=tier+in+%28frontend%29%2Cstack%3Dprod&limit=500'))).toEqual({
      labelSelector: 'tier in (frontend),stack=prod',
      limit: 500,
    });
  });

  it('reads watch options with a timeout', () => {
    expect(
      watchOptions(q('resourceVersion=12&allowWatchBookmarks=true&timeoutSeconds=30&watch=true')),
    ).toEqual({
      resourceVersion: '12',
      allowWatchBookmarks: true,
      timeoutSeconds: 30,
    });
  });

  it('defaults fieldValidation to Warn and maps dryRun=All', () => {
    expect(writeContext(q(''), 'default')).toMatchObject({ namespace: 'default', fieldValidation: 'Warn' });
    expect(writeContext(q('dryRun=All&fieldValidation=Strict'), 'x')).toMatchObject({
      dryRun: true,
      fieldValidation: 'Strict',
    });
  });

  it('reads grace periods from the query', () => {
    expect(deleteQuery(q('gracePeriodSeconds=0&propagationPolicy=Foreground'))).toEqual({
      gracePeriodSeconds: 0,
      propagationPolicy: 'Foreground',
    });
  });

  it('answers 400 for values that are not what the parameter takes', () => {
    expect(code(() => listOptions(q('limit=abc')))).toBe(400);
    expect(code(() => listOptions(q('limit=-1')))).toBe(400);
    expect(code(() => listOptions(q('resourceVersion=abc')))).toBe(400);
    expect(code(() => watchOptions(q('timeoutSeconds=1e9')))).toBe(400);
    expect(code(() => watchOptions(q('allowWatchBookmarks=maybe')))).toBe(400);
    expect(code(() => writeContext(q('dryRun=Some'), 'x'))).toBe(400);
    expect(code(() => writeContext(q('fieldValidation=Loose'), 'x'))).toBe(400);
    expect(code(() => deleteQuery(q('gracePeriodSeconds=soon')))).toBe(400);
  });
});
