// dashboard: the web UI of k8ts. The browser app (ui/) is Preact + TypeScript built by Vite into static
// files; it reaches the cluster only through the HTTP API of the page's own origin (list + watch streams,
// the same calls kubectl makes), so it needs no server of its own. This module's Node side only builds
// those files (./build) and serves them under /ui/ (./static-files), which the apiserver mounts behind its
// authentication.
export {
  isDashboardPath,
  serveDashboard,
  createDashboardHandler,
  UI_PREFIX,
  type StaticHandler,
} from './static-files';
export { buildDashboard, dashboardIsStale, ensureDashboardBuilt } from './build';
export { dashboardDistDir, dashboardSourceDir } from './paths';
