import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBootstrapToken } from '../apiserver/auth';
import { bootstrapTokenFile, ensureBootstrapToken, newBootstrapToken } from './bootstrap-token';

const homes: string[] = [];
const newHome = () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'k8ts-bt-'));
  homes.push(home);
  return home;
};
afterEach(() => homes.splice(0).forEach((h) => rmSync(h, { recursive: true, force: true })));

describe('the join token', () => {
  it('is 6 then 16 characters of [a-z0-9], as kubeadm’s bootstrap tokens', () => {
    for (let i = 0; i < 50; i++) expect(newBootstrapToken()).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    // Every character of the alphabet can be drawn.
    let n = 0;
    expect(newBootstrapToken(() => n++ % 36)).toBe('abcdef.ghijklmnopqrstuv');
  });

  it('parses only that form', () => {
    expect(parseBootstrapToken('abcdef.0123456789abcdef')).toEqual({
      id: 'abcdef',
      secret: '0123456789abcdef',
    });
    for (const bad of [
      'ABCDEF.0123456789abcdef',
      'abcdef0123456789abcdef',
      'abcde.0123456789abcdef',
      'abcdef.0123456789abcde',
      ' abcdef.0123456789abcdef',
    ])
      expect(parseBootstrapToken(bad), bad).toBeUndefined();
  });

  it('is made once per cluster home (0600) and reused by every later up', () => {
    const home = newHome();
    const first = ensureBootstrapToken(home);
    expect(first.created).toBe(true);
    expect(first.file).toBe(bootstrapTokenFile(home));
    expect(readFileSync(first.file, 'utf8')).toBe(`${first.token}\n`);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(ensureBootstrapToken(home)).toEqual({ ...first, created: false });
  });

  it('replaces a file that holds no valid token', () => {
    const home = newHome();
    writeFileSync(bootstrapTokenFile(home), 'not-a-token\n');
    const again = ensureBootstrapToken(home, () => 'qwerty.0123456789qwerty');
    expect(again).toMatchObject({ token: 'qwerty.0123456789qwerty', created: true });
  });
});
