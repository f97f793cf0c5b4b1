// `npm run release` (scripts/release.ts) as a user meets it: the tarball is built, unpacked somewhere else and
// run from there — the file list, the first-run install of the production dependencies, `bin/k8ts version`,
// and an apiserver that answers /healthz and serves the dashboard from the release layout.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..', '..');
const { version } = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
const top = `k8ts-${version}`;

let work: string;
let tarball: string;
let tree: string;
let npmLog: string;

/** The environment of a user's shell, without the test suite's dashboard override, and with a stand-in npm. */
function userEnv(stubDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${stubDir}:${process.env.PATH ?? ''}` };
  delete env.K8TS_DASHBOARD_DIR;
  return env;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'k8ts-release-test-'));
  const out = path.join(work, 'out');
  const unpacked = path.join(work, 'elsewhere');
  mkdirSync(unpacked);
  await run(path.join(repo, 'node_modules', '.bin', 'tsx'), ['scripts/release.ts', '--out-dir', out], {
    cwd: repo,
    timeout: 60_000,
  });
  tarball = path.join(out, `${top}.tar.gz`);
  await run('tar', ['-xzf', tarball, '-C', unpacked]);
  tree = path.join(unpacked, top);

  // A stand-in for npm: records how bin/k8ts calls it and links the repository's node_modules instead of a
  // real `npm ci --omit=dev`, which would download and compile better-sqlite3 for minutes on every CI run.
  const stubs = path.join(work, 'stubs');
  mkdirSync(stubs);
  npmLog = path.join(work, 'npm.log');
  const npm = path.join(stubs, 'npm');
  writeFileSync(
    npm,
    `#!/bin/sh\necho "$PWD $*" >> ${JSON.stringify(npmLog)}\nln -s ${JSON.stringify(path.join(repo, 'node_modules'))} node_modules\n`,
  );
  chmodSync(npm, 0o755);
}, 90_000);

afterAll(() => {
  // rmSync removes the node_modules symlink itself, never what it points at.
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the release tarball', () => {
  it('holds the bundle, the built dashboard, the scripts and the docs under one top folder, and no sources, tests or node_modules', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const entries = stdout.split('\n').filter(Boolean);
    expect(entries.every((e) => e === `${top}/` || e.startsWith(`${top}/`))).toBe(true);
    const files = entries.map((e) => e.slice(top.length + 1)).filter((e) => e && !e.endsWith('/'));
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/main.js',
        'dashboard/index.html',
        'bin/k8ts',
        'cluster/kube-up.sh',
        'cluster/kube-down.sh',
        'cluster/kube-push.sh',
        'cluster/config-default.sh',
        'scripts/install-deps.sh',
        'examples/canary/frontend-rc.yaml',
        'README.md',
        'package.json',
        'package-lock.json',
      ]),
    );
    expect(files.filter((f) => f.startsWith('scripts/'))).toEqual(['scripts/install-deps.sh']);
    expect(files.filter((f) => /^(src|test|node_modules)\/|\.ts$|\.test\./.test(f))).toEqual([]);
    // The dashboard's page refers to assets that are shipped beside it.
    const index = readFileSync(path.join(tree, 'dashboard', 'index.html'), 'utf8');
    const assets = [...index.matchAll(/(?:src|href)="\/ui\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(files).toContain(`dashboard/${asset}`);
  });

  it('installs the production dependencies on the first run only, never bundles, and runs the shipped dist/', async () => {
    const env = userEnv(path.join(work, 'stubs'));
    const first = await run(path.join(tree, 'bin', 'k8ts'), ['version'], { env, cwd: work });
    expect(first.stdout).toContain(`k8ts ${version} (serves Kubernetes`);
    expect(readFileSync(npmLog, 'utf8')).toBe(
      `${tree} ci --omit=dev --no-audit --no-fund --loglevel=error\n`,
    );

    const second = await run(path.join(tree, 'bin', 'k8ts'), ['version'], { env, cwd: work });
    expect(second.stdout).toBe(first.stdout);
    expect(readFileSync(npmLog, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    // The dev path would have taken the build lock and bundled into a .dist.* folder.
    expect(existsSync(path.join(tree, '.k8ts-build.lock'))).toBe(false);
    expect(existsSync(path.join(tree, 'src'))).toBe(false);
  });

  it('starts an apiserver that answers /healthz and serves the dashboard from the release tree', async () => {
    const env = userEnv(path.join(work, 'stubs'));
    const dataDir = path.join(work, 'data');
    const child = spawn(
      path.join(tree, 'bin', 'k8ts'),
      ['apiserver', '--store', 'sqlite', '--data-dir', dataDir, '--insecure-port', '0'],
      { env, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await servingUrl(child);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.text()).toBe('ok');
      const ui = await fetch(`${url}/ui/`);
      expect(ui.status).toBe(200);
      expect(ui.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await ui.text()).toBe(readFileSync(path.join(tree, 'dashboard', 'index.html'), 'utf8'));
    } finally {
      await stop(child);
    }
    expect(existsSync(dataDir)).toBe(true);
  });
});

/** The URL from the apiserver's "apiserver serving on URL" line; rejects if it exits or says nothing in 20 s. */
function servingUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`apiserver did not start:\n${out}${err}`)), 20_000);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /apiserver serving on (http:\/\/[0-9.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`apiserver exited with ${code}:\n${out}${err}`));
    });
  });
}

/** SIGTERM by PID (bin/k8ts execs node, so the PID is the server's), then SIGKILL if it has not drained in 10 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
