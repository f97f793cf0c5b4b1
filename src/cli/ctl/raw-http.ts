// The few requests KubeClient does not make, done the same way (its config: TLS, token or basic auth):
// a GET that asks for a meta.k8s.io Table (what `get` prints), and streams — a Table watch (`get -w`) and
// a pod's log (`logs -f`). Failures become the client's StatusErrors, so they print alike.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { ClientConfig } from '../../client';
import { connectionError, errorFromResponse } from '../../client/response-error';

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

/** Authorization and User-Agent headers as KubeClient sends them. */
export function authHeaders(config: ClientConfig): Record<string, string> {
  const h: Record<string, string> = { 'User-Agent': config.userAgent ?? 'k8ts-cli' };
  if (config.token) h.Authorization = `Bearer ${config.token}`;
  else if (config.username !== undefined)
    h.Authorization = `Basic ${Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64')}`;
  return h;
}

export function tlsOptions(config: ClientConfig): https.RequestOptions {
  return {
    ca: config.ca,
    cert: config.cert,
    key: config.key,
    rejectUnauthorized: !config.insecureSkipTlsVerify,
  };
}

/**
 * Opens a GET and hands over the response once it is 200; rejects with the StatusError otherwise. Aborting
 * `signal` ends the response (its 'end'/'close' fire).
 */
export function openStream(
  config: ClientConfig,
  path: string,
  accept: string,
  what: string,
  signal?: AbortSignal,
): Promise<IncomingMessage> {
  const url = new URL(config.server + path);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.get(
      url,
      { headers: { ...authHeaders(config), Accept: accept }, ...tlsOptions(config), signal },
      (res) => {
        const code = res.statusCode ?? 500;
        if (code === 200) return resolve(res);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => reject(errorFromResponse(code, Buffer.concat(chunks).toString('utf8'), what)));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e.name === 'AbortError') return;
      reject(connectionError(e, config.server));
    });
  });
}

/** A GET answered in full and parsed as JSON. */
export async function getJson<T>(
  config: ClientConfig,
  path: string,
  accept: string,
  what: string,
): Promise<T> {
  const res = await openStream(config, path, accept, what);
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
}
