// Builds the release tarball k8ts-<version>.tar.gz (version from package.json): what a user needs to run k8ts
// on another Debian 12 machine with Node 20, without the sources or any dev tooling.
//   tsx scripts/release.ts                  into the repository root
//   tsx scripts/release.ts --out-dir DIR    into DIR
// The tree inside (one top folder k8ts-<version>/): dist/ (the CLI bundled fresh with the same esbuild flags as
// bin/k8ts), dashboard/ (the built web UI, found there by src/dashboard/paths.ts), bin/k8ts (which, seeing no
// src/, runs `npm ci --omit=dev` on first use and never bundles), cluster/*.sh, scripts/install-deps.sh,
// examples/, docs/, README.md, LICENSE if any, package.json and package-lock.json.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildDashboard } from '../src/dashboard';
import { RELEASE_DASHBOARD_DIR } from '../src/dashboard/paths';

const root = path.resolve(import.meta.dirname, '..');

/** Files and folders copied as they are, relative to the repository root; LICENSE only when there is one. */
const SHIPPED = [
  'bin/k8ts',
  'scripts/install-deps.sh',
  'examples',
  'docs',
  'README.md',
  'LICENSE',
  'package.json',
  'package-lock.json',
];

function outDirFromArgs(argv: string[]): string {
  const i = argv.indexOf('--out-dir');
  if (i < 0) return root;
  const dir = argv[i + 1];
  if (!dir) throw new Error('--out-dir needs a directory');
  return path.resolve(dir);
}

/** The CLI bundle, built from the current sources rather than copying dist/ (which may be stale or mid-rebuild). */
function bundle(into: string): void {
  execFileSync(
    path.join(root, 'node_modules', '.bin', 'esbuild'),
    [
      path.join(root, 'src', 'cli', 'main.ts'),
      '--bundle',
      '--splitting',
      '--platform=node',
      '--format=esm',
      '--packages=external',
      '--target=node20',
      '--sourcemap',
      '--log-level=warning',
      `--outdir=${into}`,
      '--chunk-names=chunks/[name]-[hash]',
    ],
    { stdio: 'inherit' },
  );
}

function copyShipped(tree: string): void {
  for (const rel of SHIPPED) {
    const from = path.join(root, rel);
    if (!existsSync(from)) {
      if (rel === 'LICENSE') continue;
      throw new Error(`release: ${rel} is missing from ${root}`);
    }
    cpSync(from, path.join(tree, rel), { recursive: true });
  }
  const cluster = path.join(tree, 'cluster');
  mkdirSync(cluster);
  for (const name of readdirSync(path.join(root, 'cluster')).filter((n) => n.endsWith('.sh')))
    cpSync(path.join(root, 'cluster', name), path.join(cluster, name));
}

/** Every file of the tree readable by all, and the scripts executable, whatever the umask of the builder. */
function normaliseModes(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      chmodSync(full, 0o755);
      normaliseModes(full);
    } else {
      const executable = entry.name.endsWith('.sh') || full.endsWith(path.join('bin', 'k8ts'));
      chmodSync(full, executable ? 0o755 : 0o644);
    }
  }
}

interface Release {
  file: string;
  bytes: number;
}

async function buildRelease(outDir: string): Promise<Release> {
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const name = `k8ts-${version}`;
  const staging = mkdtempSync(path.join(os.tmpdir(), 'k8ts-release-'));
  try {
    const tree = path.join(staging, name);
    mkdirSync(tree);
    bundle(path.join(tree, 'dist'));
    await buildDashboard(path.join(tree, RELEASE_DASHBOARD_DIR));
    copyShipped(tree);
    normaliseModes(tree);
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `${name}.tar.gz`);
    // Sorted, owned by root: the same sources give the same listing on any builder.
    execFileSync('tar', [
      '-czf',
      file,
      '--sort=name',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '-C',
      staging,
      name,
    ]);
    return { file, bytes: statSync(file).size };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

const started = Date.now();
const release = await buildRelease(outDirFromArgs(process.argv.slice(2)));
console.error(
  `k8ts: ${release.file} (${(release.bytes / 1024).toFixed(0)} KiB) built in ${Date.now() - started} ms`,
);
