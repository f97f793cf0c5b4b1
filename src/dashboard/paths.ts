// Where the dashboard's sources and build output live. The k8ts tree is found from this module's own
// location (it runs from src/ under tsx or from the dist/ bundle), so a built k8ts serves its dashboard
// wherever it is checked out. An unpacked release (scripts/release.ts) has no src/: its built dashboard is the
// dashboard/ folder beside dist/. K8TS_DASHBOARD_DIR points elsewhere (tests, packaging).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this module that holds src/dashboard/ui. */
export function k8tsRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'src', 'dashboard', 'ui', 'index.html'))) {
    const up = path.dirname(dir);
    if (up === dir)
      throw new Error('cannot find the k8ts tree (src/dashboard/ui) above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export function dashboardSourceDir(): string {
  return path.join(k8tsRoot(), 'src', 'dashboard', 'ui');
}

/** Where a release tree keeps the built dashboard, relative to its root. */
export const RELEASE_DASHBOARD_DIR = 'dashboard';

/** The folder of the built dashboard in a release tree, or undefined in a checkout: the nearest folder above
 * this module with a package.json is the k8ts root, and a root without src/ is a release. */
function releaseDashboardDir(): string | undefined {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')))
      return existsSync(path.join(dir, 'src')) ? undefined : path.join(dir, RELEASE_DASHBOARD_DIR);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The built app the apiserver serves. In a checkout it is kept out of dist/ because bin/k8ts replaces dist/
 * on every rebuild. */
export function dashboardDistDir(): string {
  return process.env.K8TS_DASHBOARD_DIR ?? releaseDashboardDir() ?? path.join(dashboardSourceDir(), 'dist');
}
