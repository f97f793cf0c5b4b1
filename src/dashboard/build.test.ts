import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dashboardIsStale } from './build';

const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-dashboard-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dashboardIsStale', () => {
  it('is stale when nothing was built', () => {
    expect(dashboardIsStale(path.join(dir, 'none'))).toBe(true);
  });
  it('is stale when a source is newer than the build, fresh when the build is newer', () => {
    const out = path.join(dir, 'out');
    mkdirSync(out);
    const index = path.join(out, 'index.html');
    writeFileSync(index, '<!doctype html>');
    utimesSync(index, new Date(0), new Date(0));
    expect(dashboardIsStale(out)).toBe(true);
    const later = new Date(Date.now() + 3600_000);
    utimesSync(index, later, later);
    expect(dashboardIsStale(out)).toBe(false);
  });
});
