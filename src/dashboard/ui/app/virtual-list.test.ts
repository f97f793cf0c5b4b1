import { describe, expect, it } from 'vitest';
import { visibleRange } from './virtual-list';

describe('visibleRange', () => {
  it('draws the rows in view plus a margin on each side', () => {
    expect(visibleRange(0, 280, 28, 1000)).toEqual({ first: 0, last: 18 });
    expect(visibleRange(28 * 500, 280, 28, 1000)).toEqual({ first: 492, last: 518 });
  });
  it('stops at the end of the list', () => {
    expect(visibleRange(28 * 995, 280, 28, 1000)).toEqual({ first: 987, last: 1000 });
    expect(visibleRange(0, 800, 28, 0)).toEqual({ first: 0, last: 0 });
  });
});
