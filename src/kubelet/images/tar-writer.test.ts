import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTar } from './tar-writer';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writeTar', () => {
  it('writes an archive that GNU tar lists and extracts exactly', () => {
    const long = `${'a'.repeat(60)}/${'b'.repeat(60)}/file.txt`;
    const tar = writeTar([
      { type: 'dir', path: 'bin' },
      { type: 'file', path: 'bin/tool', data: Buffer.from('#!/bin/sh\necho hi\n'), mode: 0o755 },
      { type: 'symlink', path: 'bin/alias', target: '/bin/tool' },
      { type: 'dir', path: 'tmp', mode: 0o1777 },
      { type: 'file', path: long, data: Buffer.alloc(1000, 7) },
    ]);
    expect(tar.length % 512).toBe(0);
    const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-tar-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'a.tar'), tar);
    const out = path.join(dir, 'out');
    execFileSync('mkdir', [out]);
    execFileSync('tar', ['-xf', path.join(dir, 'a.tar'), '-C', out]);
    expect(readFileSync(path.join(out, 'bin/tool'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect(statSync(path.join(out, 'bin/tool')).mode & 0o777).toBe(0o755);
    expect(readlinkSync(path.join(out, 'bin/alias'))).toBe('/bin/tool');
    expect(statSync(path.join(out, 'tmp')).mode & 0o7777).toBe(0o1777);
    expect(readFileSync(path.join(out, long))).toEqual(Buffer.alloc(1000, 7));
  });

  it('is reproducible: the same entries give the same bytes', () => {
    const entries = [{ type: 'file' as const, path: 'x', data: Buffer.from('x') }];
    expect(writeTar(entries).equals(writeTar(entries))).toBe(true);
  });

  it('refuses paths that ustar cannot hold', () => {
    expect(() => writeTar([{ type: 'dir', path: 'x'.repeat(300) }])).toThrow('path too long');
  });
});
