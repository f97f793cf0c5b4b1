import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesOf, plan, tarChunks } from './component-image-tar';

const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-image-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const src = path.join(dir, 'src');
mkdirSync(path.join(src, 'pkg', 'lib'), { recursive: true });
mkdirSync(path.join(src, 'pkg', 'node_modules', 'nested'), { recursive: true });
writeFileSync(path.join(src, 'pkg', 'lib', 'index.js'), 'module.exports = 1;\n');
writeFileSync(path.join(src, 'pkg', 'README.md'), '# docs\n');
writeFileSync(path.join(src, 'pkg', 'node_modules', 'nested', 'x.js'), '');
symlinkSync('lib/index.js', path.join(src, 'pkg', 'main.js'));
writeFileSync(path.join(src, 'tool'), Buffer.alloc(3000, 1), { mode: 0o755 });

const entries = plan([
  { kind: 'dir', path: 'tmp', mode: 0o1777 },
  { kind: 'text', path: 'etc/passwd', text: 'root:x:0:0::/root:/bin/sh\n' },
  { kind: 'file', path: 'usr/local/bin/tool', from: path.join(src, 'tool'), mode: 0o755 },
  { kind: 'tree', path: 'opt/k8ts/node_modules/pkg', from: path.join(src, 'pkg') },
]);

describe('plan', () => {
  it('lists every parent folder before any file, and keeps only what a package needs', () => {
    const paths = entries.map((e) => e.path);
    expect(paths.indexOf('opt/k8ts/node_modules/pkg/lib')).toBeLessThan(
      paths.indexOf('opt/k8ts/node_modules/pkg/lib/index.js'),
    );
    expect(paths).toContain('usr/local/bin');
    expect(paths.some((p) => p.endsWith('README.md') || p.includes('pkg/node_modules'))).toBe(false);
    expect(filesOf(entries).find((f) => f.path === 'usr/local/bin/tool')?.size).toBe(3000);
  });
});

describe('tarChunks', () => {
  it('streams one archive that GNU tar extracts exactly', async () => {
    const chunks: Buffer[] = [];
    for await (const c of tarChunks(entries)) chunks.push(c);
    const tar = Buffer.concat(chunks);
    expect(tar.length % 512).toBe(0);
    const out = path.join(dir, 'out');
    mkdirSync(out);
    writeFileSync(path.join(dir, 'a.tar'), tar);
    execFileSync('tar', ['-xf', path.join(dir, 'a.tar'), '-C', out]);
    expect(readFileSync(path.join(out, 'usr/local/bin/tool'))).toEqual(Buffer.alloc(3000, 1));
    expect(readFileSync(path.join(out, 'etc/passwd'), 'utf8')).toMatch(/^root:x:0:0:/);
    expect(readlinkSync(path.join(out, 'opt/k8ts/node_modules/pkg/main.js'))).toBe('lib/index.js');
    expect(readFileSync(path.join(out, 'opt/k8ts/node_modules/pkg/lib/index.js'), 'utf8')).toBe(
      'module.exports = 1;\n',
    );
  });
});
