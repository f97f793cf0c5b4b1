import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { down } from './down';

describe('k8ts down', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('on a home where `up` never ran touches nothing (no default cbr0, no chain) and says so', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'k8ts-down-'));
    dirs.push(home);
    expect(await down({ home })).toEqual([]);
    expect(existsSync(home)).toBe(true);
  });

  it('--purge deletes the state directory, and a second down is still fine', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'k8ts-down-'));
    dirs.push(home);
    await down({ home, purge: true });
    expect(existsSync(home)).toBe(false);
    expect(await down({ home, purge: true })).toEqual([]);
  });
});
