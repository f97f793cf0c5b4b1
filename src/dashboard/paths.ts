// Where the dashboard's sources and build output live. The k8ts tree is found from this module's own
// location (it runs from src/ under tsx or from the dist/ bundle), so a built k8ts serves its dashboard
// wherever it is checked out; K8TS_DASHBOARD_DIR points elsewhere (tests, packaging).
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

/** The built app the apiserver serves; kept out of dist/ because bin/k8ts replaces dist/ on every rebuild. */
export function dashboardDistDir(): string {
  return process.env.K8TS_DASHBOARD_DIR ?? path.join(dashboardSourceDir(), 'dist');
}
