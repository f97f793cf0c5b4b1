import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../util';
import { EXPECTATIONS_TTL_MS, Expectations } from './expectations';

describe('Expectations', () => {
  it('an RC never synced is satisfied', () => {
    expect(new Expectations(new FakeClock()).satisfied('default/web')).toBe(true);
  });

  it('waits until every expected creation is observed, so a lagging cache cannot cause a double create', () => {
    const e = new Expectations(new FakeClock());
    e.expectCreations('default/web', 3);
    e.creationObserved('default/web');
    e.creationObserved('default/web');
    expect(e.satisfied('default/web')).toBe(false);
    expect(e.pending('default/web')).toEqual({ adds: 1, deletes: [] });
    e.creationObserved('default/web');
    expect(e.satisfied('default/web')).toBe(true);
  });

  it('failed or skipped creations are counted off in one call', () => {
    const e = new Expectations(new FakeClock());
    e.expectCreations('default/web', 10);
    e.creationObserved('default/web', 10);
    expect(e.satisfied('default/web')).toBe(true);
  });

  it('a deletion observed twice for the same pod counts once', () => {
    const e = new Expectations(new FakeClock());
    e.expectDeletions('default/web', ['default/web-a', 'default/web-b']);
    e.deletionObserved('default/web', 'default/web-a');
    e.deletionObserved('default/web', 'default/web-a');
    e.deletionObserved('default/web', 'default/someone-else');
    expect(e.satisfied('default/web')).toBe(false);
    e.deletionObserved('default/web', 'default/web-b');
    expect(e.satisfied('default/web')).toBe(true);
  });

  it('expires after five minutes, in case a watch event was lost', () => {
    const clock = new FakeClock();
    const e = new Expectations(clock);
    e.expectCreations('default/web', 1);
    clock.step(EXPECTATIONS_TTL_MS);
    expect(e.satisfied('default/web')).toBe(false);
    clock.step(1);
    expect(e.satisfied('default/web')).toBe(true);
  });

  it('keys are independent and can be forgotten', () => {
    const e = new Expectations(new FakeClock());
    e.expectCreations('default/a', 1);
    expect(e.satisfied('default/b')).toBe(true);
    e.delete('default/a');
    expect(e.satisfied('default/a')).toBe(true);
    expect(e.pending('default/a')).toBeUndefined();
  });
});
