import { describe, expect, it } from 'vitest';
import { formatAge, formatDuration } from './age';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [119_000, '119s'],
    [5 * 60_000 + 30_000, '5m30s'],
    [12 * 60_000, '12m'],
    [3 * 3600_000 + 20 * 60_000, '3h20m'],
    [20 * 3600_000, '20h'],
    [2 * 86400_000 + 5 * 3600_000, '2d5h'],
    [40 * 86400_000, '40d'],
    [800 * 86400_000, '2y'],
    [-5000, '0s'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('formatAge', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it('measures from creationTimestamp', () => expect(formatAge('2026-01-01T11:59:15Z', now)).toBe('45s'));
  it('says <unknown> for a missing or unparsable timestamp', () => {
    expect(formatAge(undefined, now)).toBe('<unknown>');
    expect(formatAge('yesterday', now)).toBe('<unknown>');
  });
});
