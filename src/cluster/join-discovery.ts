// The two requests `k8ts join` makes before it has credentials: the cluster info, fetched over TLS WITHOUT
// trusting the server (nothing is known yet; the answer is trusted only once its CA matches the pin), then the
// node's certificates, asked for with the join token over TLS verified against that pinned CA. Each request is
// bounded in time; every refusal comes back as a one-line Error saying what to do.
import https from 'node:https';
import { StatusError } from '../api/errors';
import type { Status } from 'kubernetes-types/meta/v1';
import { CLUSTER_INFO_PATH, NODE_CREDENTIALS_PATH } from '../apiserver/auth';
import type { ClusterInfo } from '../apiserver/join';
import type { NodeCredentials, NodeCredentialsRequest } from '../apiserver/join-signer';
import { checkPin } from './join-pin';

const TIMEOUT_MS = 10_000;

interface Answer {
  status: number;
  body: unknown;
}

function request(
  url: URL,
  options: { method: string; ca?: string; token?: string; body?: unknown },
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (payload) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: options.method,
        headers,
        timeout: TIMEOUT_MS,
        agent: false,
        // Discovery trusts nothing yet: the pin decides. Afterwards only the pinned CA is trusted.
        ...(options.ca ? { ca: options.ca } : { rejectUnauthorized: false }),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // kept as text
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.origin} in ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (e) => reject(new Error(`cannot reach the master at ${url.origin}: ${e.message}`)));
    req.end(payload);
  });
}

const statusOf = (a: Answer): StatusError =>
  a.body && typeof a.body === 'object' && (a.body as Status).kind === 'Status'
    ? StatusError.fromStatus(a.body as Status, a.status)
    : new StatusError(a.status, 'Unknown', `the server answered ${a.status}`);

/** The master URL as given (`https://host:port`), refused when it is anything else. */
export function masterUrl(master: string): URL {
  let url: URL;
  try {
    url = new URL(master);
  } catch {
    throw new Error(`invalid --master ${JSON.stringify(master)}: want https://<address>:<port>`);
  }
  if (url.protocol !== 'https:')
    throw new Error(`invalid --master ${JSON.stringify(master)}: the apiserver is reached over https`);
  return url;
}

/** The cluster info, once its CA matches `pin`; otherwise throws the refusal. */
export async function discoverCluster(master: URL, pin: string): Promise<ClusterInfo> {
  const answer = await request(new URL(CLUSTER_INFO_PATH, master), { method: 'GET' });
  if (answer.status !== 200) throw new Error(`cluster info: ${statusOf(answer).message}`);
  const info = answer.body as Partial<ClusterInfo>;
  if (typeof info?.caCert !== 'string')
    throw new Error(`${master.origin} answered cluster-info without a CA: is it a k8ts apiserver?`);
  let refusal: string | undefined;
  try {
    refusal = checkPin(info.caCert, pin);
  } catch {
    refusal = `${master.origin} answered cluster-info with a CA that is not a certificate`;
  }
  if (refusal) throw new Error(refusal);
  return info as ClusterInfo;
}

/** The node's certificates, asked for with the join token; the server verified against `ca`. */
export async function requestNodeCredentials(
  master: URL,
  ca: string,
  token: string,
  body: NodeCredentialsRequest,
): Promise<NodeCredentials> {
  const answer = await request(new URL(NODE_CREDENTIALS_PATH, master), { method: 'POST', ca, token, body });
  if (answer.status === 201) return answer.body as NodeCredentials;
  const err = statusOf(answer);
  if (err.code === 401)
    throw new Error(`the apiserver refused the join token (401 Unauthorized): check --token`);
  throw new Error(`the apiserver refused the node's credentials (${err.code}): ${err.message}`);
}
