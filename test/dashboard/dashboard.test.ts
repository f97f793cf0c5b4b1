// The dashboard in a real browser (Debian's chromium, headless) against a real apiserver on loopback: what a
// user sees when objects change through the API, what the page's buttons do to the API, a thousand pods,
// and losing and regaining the apiserver. One page walks through the story; each step builds on the last.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../../src/dashboard';
import { hasChromium, inParallel, launchChromium, pod, RestartableApiServer } from './support';

const OUTPUT = path.join(process.cwd(), '.k8ts-test', 'dashboard');
const ns = (n: string) => `/api/v1/namespaces/${n}`;

describe.skipIf(!hasChromium)('dashboard in chromium', () => {
  const server = new RestartableApiServer();
  let browser: Browser;
  let page: Page;
  const tab = (name: string) => page.getByRole('tab', { name, exact: true }).click();
  const podRow = (key: string) => page.locator(`[data-pod="${key}"]`);
  const connection = () => page.locator('.conn');

  beforeAll(async () => {
    await ensureDashboardBuilt();
    await server.start();
    await server.api('POST', '/api/v1/nodes', {
      metadata: { name: 'node-a' },
      status: {
        capacity: { cpu: '2', memory: '4Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  });

  it('loads at /ui (redirected to /ui/) and goes live', async () => {
    await page.goto(`${server.url}/ui`);
    expect(page.url()).toBe(`${server.url}/ui/`);
    await connection().getByText('Live', { exact: true }).waitFor({ timeout: 10_000 });
  });

  it('shows nodes with Ready and the requests of their pods against capacity', async () => {
    await server.api('POST', `${ns('default')}/pods`, pod('web-1', { nodeName: 'node-a' }));
    await tab('Nodes');
    const row = page.locator('[data-node="node-a"]');
    await row.getByText('Ready').waitFor();
    await row.getByText('250m / 2').waitFor();
    await row.getByText('64Mi / 4Gi').waitFor();
  });

  it('shows a pod created through the API without reload, and its phase change', async () => {
    await tab('Pods');
    const row = podRow('default/web-1');
    await row.getByText('Pending').waitFor();
    const created = await server.api('POST', `${ns('default')}/pods`, pod('web-2', { nodeName: 'node-a' }));
    await podRow('default/web-2').waitFor();
    await server.api('PUT', `${ns('default')}/pods/web-2/status`, {
      ...created,
      status: { phase: 'Running', podIP: '10.244.0.7' },
    });
    await podRow('default/web-2').getByText('Running').waitFor();
    await podRow('default/web-2').getByText('10.244.0.7').waitFor();
    await expect(page.locator('.node-head').first().textContent()).resolves.toContain('node-a');
  });

  it('asks the API for a followed log and shows why it cannot be read', async () => {
    const asked = page.waitForRequest((r) => r.url().includes('/pods/web-1/log?follow=true'));
    await podRow('default/web-1').getByRole('button', { name: 'Logs' }).click();
    await asked;
    const alert = page.locator('aside .error');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Could not read the log: .+/);
    await page.locator('aside').getByRole('button', { name: 'Close' }).click();
  });

  it('lists the events of an object, live', async () => {
    const web1 = await server.api('GET', `${ns('default')}/pods/web-1`);
    const event = (name: string, reason: string, message: string) =>
      server.api('POST', `${ns('default')}/events`, {
        metadata: { name },
        involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: web1.metadata.uid },
        reason,
        message,
        type: 'Normal',
        source: { component: 'default-scheduler' },
      });
    await event('web-1.1', 'Scheduled', 'Successfully assigned default/web-1 to node-a');
    await podRow('default/web-1').getByRole('button', { name: 'Events' }).click();
    const panel = page.locator('aside');
    await panel.getByText('Successfully assigned default/web-1 to node-a').waitFor();
    await event('web-1.2', 'Pulled', 'Container image "busybox" already present on machine');
    await panel.getByText('Container image "busybox" already present on machine').waitFor();
    await panel.getByRole('button', { name: 'Close' }).click();
  });

  it('deletes a pod from the page', async () => {
    await server.api('POST', `${ns('default')}/pods`, pod('doomed'));
    const row = podRow('default/doomed');
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Confirm delete' }).click();
    await row.waitFor({ state: 'detached' });
    await expect(server.api('GET', `${ns('default')}/pods/doomed`)).rejects.toThrow(/404/);
  });

  it('scales a replication controller from the page', async () => {
    const rc = (name: string, track: string) => ({
      metadata: { name },
      spec: {
        replicas: 1,
        selector: { app: 'web', track },
        template: { metadata: { labels: { app: 'web', track } }, spec: pod('x').spec },
      },
    });
    await server.api('POST', `${ns('default')}/replicationcontrollers`, rc('web-stable', 'stable'));
    await tab('Replication controllers');
    const row = page.locator('[data-rc="default/web-stable"]');
    await row.getByRole('spinbutton').fill('3');
    await row.getByRole('button', { name: 'Scale' }).click();
    await expect
      .poll(
        async () =>
          (await server.api('GET', `${ns('default')}/replicationcontrollers/web-stable`)).spec.replicas,
      )
      .toBe(3);
    await row.locator('.c-desired').getByText('3').waitFor();
  });

  it('shows services with their endpoints, and which pods each covers and which RC owns them (canary)', async () => {
    const canary = await server.api('POST', `${ns('default')}/replicationcontrollers`, {
      metadata: { name: 'web-canary' },
      spec: {
        replicas: 1,
        selector: { app: 'web', track: 'canary' },
        template: { metadata: { labels: { app: 'web', track: 'canary' } }, spec: pod('x').spec },
      },
    });
    const owned = pod('web-canary-x1', { labels: { app: 'web', track: 'canary' } });
    const ref = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      name: 'web-canary',
      uid: canary.metadata.uid,
      controller: true,
    };
    await server.api('POST', `${ns('default')}/pods`, {
      ...owned,
      metadata: { ...owned.metadata, ownerReferences: [ref] },
    });
    await server.api(
      'POST',
      `${ns('default')}/pods`,
      pod('web-stable-x1', { labels: { app: 'web', track: 'stable' } }),
    );
    await server.api('POST', `${ns('default')}/services`, {
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    await server.api('POST', `${ns('default')}/endpoints`, {
      metadata: { name: 'web' },
      subsets: [
        {
          addresses: [{ ip: '10.244.0.7' }],
          notReadyAddresses: [{ ip: '10.244.0.9' }],
          ports: [{ port: 80 }],
        },
      ],
    });
    await tab('Services');
    const svc = page.locator('[data-service="default/web"]');
    await svc.getByText('app=web').waitFor();
    await svc.getByText('10.244.0.7:80').waitFor();
    expect(await svc.getByText('10.244.0.9:80').getAttribute('title')).toBe('not ready');
    expect(await svc.locator('td').nth(3).textContent()).toMatch(/^\d+\.\d+\.\d+\.\d+$/); // its cluster IP
    await tab('Canary view');
    const card = page.locator('[data-coverage="default/web"]');
    await card.getByText('rc/web-canary').waitFor();
    await card.getByText('web-canary-x1').waitFor();
    await card.getByText('rc/web-stable').waitFor();
    await card.getByText('(by selector)').waitFor();
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'canary.png'), fullPage: true });
  });

  it('renders 1,000 pods without freezing: only visible rows are drawn, scrolling reaches the last', async () => {
    await server.api('POST', '/api/v1/namespaces', { metadata: { name: 'bulk' } });
    await tab('Pods');
    const created = Date.now();
    await inParallel(1000, 16, (i) =>
      server.api('POST', `${ns('bulk')}/pods`, pod(`bulk-${i}`, { namespace: 'bulk' })),
    );
    console.log(`1,000 pods created through the API in ${Date.now() - created} ms`);
    await page.getByLabel('namespace').focus(); // the selector re-reads the namespace list when it is opened
    await page.getByLabel('namespace').selectOption('bulk');
    await page.getByRole('heading', { name: 'Pods 1000' }).waitFor();
    const list = page.getByRole('table', { name: 'pods' });
    expect(Number(await list.getAttribute('aria-rowcount'))).toBe(1001); // 1,000 pods + the unscheduled header
    expect(await page.locator('.vrow').count()).toBeLessThan(80);
    const started = Date.now();
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await podRow('bulk/bulk-999').waitFor();
    expect(Date.now() - started).toBeLessThan(5000);
    // Still responsive: a round trip into the page's event loop is quick.
    const t0 = Date.now();
    // Runs in the browser; the test files are type-checked without DOM types.
    await page.evaluate(
      () =>
        new Promise((r) =>
          (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame(
            () => r(undefined),
          ),
        ),
    );
    expect(Date.now() - t0).toBeLessThan(1000);
    await page.screenshot({ path: path.join(OUTPUT, 'pods-1000.png') });
    await page.getByLabel('namespace').selectOption('');
  }, 90_000);

  it('shows the disconnected state while the apiserver is away and recovers by itself', async () => {
    await server.stop();
    await connection()
      .getByText(/^Disconnected — reconnecting/)
      .waitFor({ timeout: 10_000 });
    await server.start();
    await server.api('POST', `${ns('default')}/pods`, pod('after-restart'));
    await connection().getByText('Live', { exact: true }).waitFor({ timeout: 15_000 });
    await podRow('default/after-restart').waitFor({ timeout: 5000 });
  });
});
