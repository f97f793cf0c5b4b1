import { describe, expect, it } from 'vitest';
import {
  IMAGE_NODE,
  fingerprint,
  keepPackageFile,
  parseLdd,
  productionPackages,
  rootfsSources,
} from './component-image-rootfs';

const NODE_LDD = `	linux-vdso.so.1 (0x00007ffc)
	libdl.so.2 => /lib/x86_64-linux-gnu/libdl.so.2 (0x00007f56c0acb000)
	libstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f56c0800000)
	libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f56c053e000)
	/lib64/ld-linux-x86-64.so.2 (0x00007f56c0ae4000)
`;

describe('parseLdd', () => {
  it('lists each library and the dynamic loader by absolute path, without the vdso', () => {
    expect(parseLdd(NODE_LDD)).toEqual([
      '/lib/x86_64-linux-gnu/libdl.so.2',
      '/lib/x86_64-linux-gnu/libstdc++.so.6',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ]);
  });

  it('has nothing to add for a static binary', () => {
    expect(parseLdd('\tstatically linked\n')).toEqual([]);
    expect(parseLdd('\tnot a dynamic executable\n')).toEqual([]);
  });

  it('refuses a library this machine lacks, naming it', () => {
    expect(() => parseLdd('\tlibfoo.so.1 => not found\n')).toThrow(
      'a shared library is missing on this machine: libfoo.so.1 => not found',
    );
  });
});

describe('productionPackages', () => {
  it('keeps what `npm ci --omit=dev` installs: neither dev nor devOptional, nested ones included', () => {
    const lock = {
      packages: {
        '': { name: 'k8ts' },
        'node_modules/yaml': {},
        'node_modules/vitest': { dev: true },
        'node_modules/fsevents': { devOptional: true },
        'node_modules/etcd3/node_modules/cockatiel': {},
        'node_modules/@types/node': { dev: true },
      },
    };
    expect(productionPackages(lock)).toEqual([
      'node_modules/etcd3/node_modules/cockatiel',
      'node_modules/yaml',
    ]);
  });
});

describe('keepPackageFile', () => {
  it.each([
    ['lib/index.js', true],
    ['package.json', true],
    ['build/Release/better_sqlite3.node', true],
    ['src/index.js', true],
    ['README.md', false],
    ['index.d.ts', false],
    ['dist/index.js.map', false],
    ['deps/sqlite3/sqlite3.c', false],
    ['src/better_sqlite3.cpp', false],
    ['build/Release/obj.target/better_sqlite3/src/better_sqlite3.o', false],
    ['build/Release/sqlite3.a', false],
    ['node_modules/', false],
  ])('%s → %s', (rel, kept) => {
    expect(keepPackageFile(rel)).toBe(kept);
  });
});

describe('rootfsSources', () => {
  const sources = rootfsSources({
    node: '/usr/bin/node',
    libraries: [
      '/lib64/ld-linux-x86-64.so.2',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ],
    busybox: '/bin/busybox',
    dashboard: '/src/k8ts/src/dashboard/ui/dist',
    packageJson: '/src/k8ts/package.json',
    root: '/src/k8ts',
    packages: ['node_modules/yaml'],
  });
  const at = (p: string) => sources.find((s) => s.path === p);

  it('puts node where the entrypoint runs it and each library at its own path, once', () => {
    expect(at(IMAGE_NODE.slice(1))).toEqual({
      kind: 'file',
      path: 'usr/local/bin/node',
      from: '/usr/bin/node',
      mode: 0o755,
    });
    expect(sources.filter((s) => s.path === 'lib64/ld-linux-x86-64.so.2')).toHaveLength(1);
    expect(at('lib/x86_64-linux-gnu/libc.so.6')).toMatchObject({ from: '/lib/x86_64-linux-gnu/libc.so.6' });
  });

  it('lays out a release tree under /opt/k8ts: dashboard, package.json, production packages; no bundle', () => {
    expect(sources.some((s) => s.path.startsWith('opt/k8ts/dist'))).toBe(false);
    expect(at('opt/k8ts/dashboard')).toMatchObject({ from: '/src/k8ts/src/dashboard/ui/dist' });
    expect(at('opt/k8ts/package.json')).toMatchObject({ from: '/src/k8ts/package.json' });
    expect(at('opt/k8ts/node_modules/yaml')).toMatchObject({ from: '/src/k8ts/node_modules/yaml' });
  });

  it('has a shell for the entrypoint, a root user and a sticky /tmp', () => {
    expect(at('bin/sh')).toMatchObject({ from: '/bin/busybox', mode: 0o755 });
    expect(at('etc/passwd')).toMatchObject({ text: expect.stringMatching(/^root:x:0:0:/) });
    expect(at('tmp')).toEqual({ kind: 'dir', path: 'tmp', mode: 0o1777 });
  });
});

describe('fingerprint', () => {
  const files = [
    { path: 'opt/k8ts/dist/main.js', size: 10, mtimeMs: 1000.4 },
    { path: 'usr/local/bin/node', size: 99, mtimeMs: 5 },
  ];

  it('does not depend on the order files were found in', () => {
    expect(fingerprint(files, 'r')).toBe(fingerprint([...files].reverse(), 'r'));
    expect(fingerprint(files, 'r')).toMatch(/^[0-9a-f]{12}$/);
  });

  it('changes when a file, or the recipe, changes', () => {
    const rebuilt = [{ ...files[0]!, mtimeMs: 2000 }, files[1]!];
    expect(fingerprint(rebuilt, 'r')).not.toBe(fingerprint(files, 'r'));
    expect(fingerprint(files, 'r2')).not.toBe(fingerprint(files, 'r'));
  });
});
