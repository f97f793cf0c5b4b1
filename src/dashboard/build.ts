// Builds the dashboard with Vite into the folder the apiserver serves, and tells whether that build is older
// than its sources. Used by scripts/build-ui.ts (and so by bin/k8ts before a start) and by the browser tests;
// the build goes to a temporary folder that is renamed into place, so a server never sees half of it.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { dashboardDistDir, dashboardSourceDir, k8tsRoot } from './paths';

/** Folders whose files end up in the bundle: the app itself and the pure k8ts modules it imports. */
function sourceDirs(): string[] {
  const root = k8tsRoot();
  return [
    dashboardSourceDir(),
    path.join(root, 'src', 'labels'),
    path.join(root, 'src', 'api', 'quantity'),
    path.join(root, 'src', 'util'),
  ];
}

function newestMtime(dir: string, skip: (name: string) => boolean): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(full, skip) : statSync(full).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/** True when the built index.html is missing or older than any source file of the app. */
export function dashboardIsStale(outDir: string = dashboardDistDir()): boolean {
  const index = path.join(outDir, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const skip = (name: string) => name === 'dist' || name.startsWith('.') || name.endsWith('.test.ts');
  return sourceDirs().some((d) => existsSync(d) && newestMtime(d, skip) > built);
}

/** Runs the Vite build into outDir (replacing what is there). Vite is loaded only when a build is needed. */
export async function buildDashboard(outDir: string = dashboardDistDir()): Promise<void> {
  const { build } = await import('vite');
  const src = dashboardSourceDir();
  const tmp = path.join(path.dirname(outDir), `.${path.basename(outDir)}-build-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    await build({
      configFile: path.join(src, 'vite.config.ts'),
      build: { outDir: tmp, emptyOutDir: true },
      logLevel: 'warn',
    });
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const LOCK_STALE_MS = 180_000;

/** One builder at a time across processes (tests and components often start together): a lock directory. */
async function withBuildLock<T>(outDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(path.dirname(outDir), `.${path.basename(outDir)}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A builder that died leaves its lock behind; past any real build's length it is taken over.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else if (held) await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds when stale (checked again under the lock, so concurrent callers build once); returns whether it built. */
export async function ensureDashboardBuilt(outDir: string = dashboardDistDir()): Promise<boolean> {
  if (!dashboardIsStale(outDir)) return false;
  return withBuildLock(outDir, async () => {
    if (!dashboardIsStale(outDir)) return false;
    await buildDashboard(outDir);
    return true;
  });
}
