// Builds the web dashboard (src/dashboard/ui → src/dashboard/ui/dist, served by the apiserver at /ui/).
//   tsx scripts/build-ui.ts              build now
//   tsx scripts/build-ui.ts --if-stale   build only when the sources are newer than the build (bin/k8ts)
import { buildDashboard, dashboardDistDir, ensureDashboardBuilt } from '../src/dashboard';

const started = Date.now();
const built = process.argv.includes('--if-stale')
  ? await ensureDashboardBuilt()
  : (await buildDashboard(), true);
if (built) console.error(`k8ts: dashboard built into ${dashboardDistDir()} in ${Date.now() - started} ms`);
