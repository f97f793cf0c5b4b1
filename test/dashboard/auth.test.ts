// The dashboard on the secure port: the page and the API calls it makes pass the same authentication as
// kubectl's. Without credentials /ui/ and the API answer 401 with a basic challenge; a browser that gives
// the basic-auth password loads the page and sees the cluster live.
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../src/apiserver';
import { ensureDashboardBuilt } from '../../src/dashboard';
import { writeSecureFiles } from '../support/secure-apiserver';
import { hasChromium, launchChromium } from './support';

const PASSWORD = 'dashboard horse battery staple';

function get(url: string, ca: string): Promise<{ status: number; challenge: string | undefined }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, challenge: res.headers['www-authenticate'] });
      })
      .on('error', reject);
  });
}

describe.skipIf(!hasChromium)('dashboard behind authentication', () => {
  let dir: string;
  let server: ApiServer;
  let browser: Browser | undefined;
  let ca: string;

  beforeAll(async () => {
    await ensureDashboardBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'k8ts-dashboard-auth-'));
    const secure = writeSecureFiles(dir, PASSWORD);
    ca = secure.ca.cert;
    server = await startApiServer(secure.options(path.join(dir, 'data')));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /ui/ and the API it calls with 401 and a basic challenge when no credentials are given', async () => {
    for (const p of ['/ui/', '/ui/assets/index.js', '/api/v1/pods?watch=1']) {
      const res = await get(`${server.url}${p}`, ca);
      expect(res.status, p).toBe(401);
      expect(res.challenge, p).toMatch(/^Basic/);
    }
  });

  it('loads the page and goes live for a browser that gives the password', async () => {
    browser = await launchChromium();
    const context = await browser.newContext({
      ignoreHTTPSErrors: true, // the test CA is not in chromium's trust store
      httpCredentials: { username: 'admin', password: PASSWORD },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/ui/#nodes`);
    await page.locator('.conn').getByText('Live', { exact: true }).waitFor();
    await page.getByText('No nodes.').waitFor();
    // The page's own fetches carry the credentials the browser was given.
    const last = await page.evaluate(() => fetch('/api/v1/namespaces').then((r) => r.status));
    expect(last).toBe(200);
  });
});
