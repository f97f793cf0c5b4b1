import { describe, expect, it } from 'vitest';
import { ageSince, humanDuration } from './duration';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (k8s duration.HumanDuration)', () => {
  it.each([
    [-5 * S, '<invalid>'],
    [-1 * S, '0s'],
    [0, '0s'],
    [5 * S, '5s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [2 * M + 5 * S, '2m5s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [5 * H + 30 * M, '5h30m'],
    [8 * H + 30 * M, '8h'],
    [47 * H, '47h'],
    [2 * D, '2d'],
    [2 * D + 5 * H, '2d5h'],
    [8 * D + 5 * H, '8d'],
    [45 * D, '45d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [730 * D + 30 * D, '2y30d'],
    [9 * 365 * D, '9y'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('ageSince', () => {
  const now = Date.parse('2026-01-01T00:10:00Z');
  it('formats the age of a timestamp', () => {
    expect(ageSince('2026-01-01T00:00:00Z', now)).toBe('10m');
  });
  it('is <unknown> without a timestamp', () => {
    expect(ageSince(undefined, now)).toBe('<unknown>');
    expect(ageSince(null, now)).toBe('<unknown>');
    expect(ageSince('garbage', now)).toBe('<unknown>');
  });
});
