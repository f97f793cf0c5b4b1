// Browser-test support: Debian's chromium driven by playwright-core (never a downloaded browser), an
// in-process apiserver on loopback over sqlite in a temp dir that can be stopped and started again on the
// same port (to see the page lose and regain its connection), and small API helpers.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startApiServer, type ApiServer } from '../../src/apiserver';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** An apiserver whose data survives stop() → start(), on one fixed port once the first start picked it. */
export class RestartableApiServer {
  private server: ApiServer | undefined;
  private port = 0;
  readonly dir = mkdtempSync(path.join(tmpdir(), 'k8ts-dashboard-'));

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = await startApiServer({
      store: 'sqlite',
      dataDir: path.join(this.dir, 'data'),
      insecurePort: this.port,
    });
    this.port = Number(new URL(this.server.url).port);
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** One API call; the parsed body, or an Error carrying the Status message. */
  async api<T = any>(
    method: string,
    p: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    const res = await fetch(`${this.url}${p}`, {
      method,
      headers: { 'Content-Type': contentType },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { message?: string };
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${json.message}`);
    return json;
  }
}

export function pod(
  name: string,
  opts: { namespace?: string; nodeName?: string; labels?: Record<string, string> } = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: opts.namespace ?? 'default', labels: opts.labels ?? { app: name } },
    spec: {
      nodeName: opts.nodeName,
      containers: [
        { name: 'web', image: 'busybox', resources: { requests: { cpu: '250m', memory: '64Mi' } } },
      ],
    },
  };
}

/** Runs `task(i)` for i in [0, n) with `width` requests in flight. */
export async function inParallel(
  n: number,
  width: number,
  task: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await task(next++);
    }),
  );
}
