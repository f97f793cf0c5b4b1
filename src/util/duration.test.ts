import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['20s', 20_000],
    ['5m', 300_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['1.5s', 1500],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '20', 's', '20 s', '-5s', '5d', '1m 30s'])('rejects %j naming the flag', (text) => {
    expect(() => parseDuration(text, '--sync-frequency')).toThrow(/^invalid --sync-frequency /);
  });
});
