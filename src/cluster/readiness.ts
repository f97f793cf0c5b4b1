// What `up` polls: the apiserver's /healthz and each node's Ready condition. The target is either a plain
// http:// URL (the insecure port) or a ClientConfig — typically loadKubeconfig($K8TS_HOME/kubeconfig).config —
// whose CA the server is verified against and whose token or password is sent, so the checks work on the
// secure port without skipping verification.
import http from 'node:http';
import https from 'node:https';
import type { ClientConfig } from '../client';

export type ApiTarget = string | ClientConfig;

interface Answer {
  status: number;
  text: string;
}

const TIMEOUT_MS = 2000;

/** One GET; rejects on connection, TLS or timeout errors. */
function get(target: ApiTarget, pathname: string): Promise<Answer> {
  const config: ClientConfig = typeof target === 'string' ? { server: target } : target;
  const url = new URL(`${config.server.replace(/\/+$/, '')}${pathname}`);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  else if (config.username !== undefined)
    headers.Authorization = `Basic ${Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64')}`;
  const secure = url.protocol === 'https:';
  const options: https.RequestOptions = { headers, timeout: TIMEOUT_MS, agent: false };
  if (secure)
    Object.assign(options, {
      ca: config.ca,
      cert: config.cert,
      key: config.key,
      rejectUnauthorized: !config.insecureSkipTlsVerify,
    });
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).get(url, options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${config.server} in ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

export async function healthy(target: ApiTarget): Promise<boolean> {
  try {
    const res = await get(target, '/healthz');
    return res.status === 200 && res.text.trim() === 'ok';
  } catch {
    return false;
  }
}

interface NodeCondition {
  type?: string;
  status?: string;
  lastHeartbeatTime?: string;
}

/** The node's Ready condition status (True/False/Unknown), or why there is none yet. With `since`, a Ready
 * condition counts only when a kubelet heartbeat came after it (a restarted kubelet must have reported). */
export async function nodeReady(target: ApiTarget, name: string, since = 0): Promise<string> {
  let res: Answer;
  try {
    res = await get(target, `/api/v1/nodes/${encodeURIComponent(name)}`);
  } catch {
    return 'apiserver unreachable';
  }
  if (res.status === 404) return 'not registered';
  // Said plainly: polling on with credentials the apiserver refuses would only end in a timeout.
  if (res.status === 401) return 'apiserver refused the credentials (401 Unauthorized)';
  if (res.status === 403) return 'apiserver forbids reading the node (403 Forbidden)';
  if (res.status !== 200) return `apiserver answered ${res.status}`;
  let node: { status?: { conditions?: NodeCondition[] } };
  try {
    node = JSON.parse(res.text) as typeof node;
  } catch {
    return 'apiserver answered something other than JSON';
  }
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (!ready?.status) return 'no Ready condition';
  // Heartbeats have one-second precision.
  if (since && Date.parse(ready.lastHeartbeatTime ?? '') < since - 1000) return 'waiting for a heartbeat';
  return ready.status;
}
