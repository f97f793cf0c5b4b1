// Issue 9's acceptance step: `kubectl scale` outside the page → the controller-manager creates the pods → the page
// shows them within 2 s, without a reload. Real kubectl, an in-process controller-manager and apiserver on loopback,
// Debian's chromium.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/client';
import { startControllerManager, type ControllerManager } from '../../src/controllers/controller-manager';
import { ensureDashboardBuilt } from '../../src/dashboard';
import { realClock } from '../../src/util';
import { hasChromium, launchChromium, pod, RestartableApiServer } from './support';

const exec = promisify(execFile);
const OUTPUT = path.join(process.cwd(), '.k8ts-test', 'dashboard');

describe.skipIf(!hasChromium)('dashboard follows kubectl scale', () => {
  const server = new RestartableApiServer();
  let client: KubeClient;
  let cm: ControllerManager;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureDashboardBuilt();
    await server.start();
    client = new KubeClient({ server: server.url });
    cm = startControllerManager({ client, clock: realClock });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await cm?.stop();
    client?.close();
    await server.dispose();
  });

  it('shows the pods kubectl scale asked for within 2 s, without reload', async () => {
    await server.api('POST', '/api/v1/namespaces/default/replicationcontrollers', {
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { app: 'web' },
        template: { metadata: { labels: { app: 'web' } }, spec: pod('x').spec },
      },
    });
    await page.goto(`${server.url}/ui/`);
    await page.locator('.conn').getByText('Live', { exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Pods', exact: true }).click();
    const webPods = page.locator('[data-pod^="default/web-"]');
    await expect.poll(() => webPods.count(), { timeout: 10_000 }).toBe(1);

    await exec('/usr/bin/kubectl', ['--server', server.url, 'scale', 'rc', 'web', '--replicas=4'], {
      timeout: 20_000,
    });
    const scaled = Date.now();
    await expect.poll(() => webPods.count(), { timeout: 2_000, interval: 50 }).toBe(4);
    console.log(`kubectl scale → 4 pods on the page in ${Date.now() - scaled} ms`);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'kubectl-scale.png') });
  }, 60_000);
});
