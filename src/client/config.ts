// Where the cluster is and who we are: ClientConfig, and reading it from a kubeconfig file (the format
// kubectl reads; k8ts writes one to $K8TS_HOME/kubeconfig). File paths inside a kubeconfig are relative to it.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { errors } from '../api/errors';

export interface ClientConfig {
  /** http(s)://host:port */
  server: string;
  token?: string;
  username?: string;
  password?: string;
  /** PEM of the CA that signed the server's certificate. */
  ca?: string | Buffer;
  /** PEM client certificate and key, for x509 authentication. */
  cert?: string | Buffer;
  key?: string | Buffer;
  insecureSkipTlsVerify?: boolean;
  userAgent?: string;
  /** Per-request timeout of non-watch requests. Default 30 s. */
  timeoutMs?: number;
}

export interface Kubeconfig {
  config: ClientConfig;
  /** The current context's namespace, "default" when it names none. */
  namespace: string;
}

/** Reads a kubeconfig and resolves its current context (or `context`) to a ClientConfig. */
export function loadKubeconfig(path: string, context?: string): Kubeconfig {
  let doc: Record<string, unknown>;
  try {
    doc = (parse(readFileSync(path, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (e) {
    throw errors.badRequest(`cannot load kubeconfig ${path}: ${(e as Error).message}`);
  }
  const base = dirname(resolve(path));
  const contextName = context ?? (doc['current-context'] as string | undefined);
  if (!contextName) throw errors.badRequest(`kubeconfig ${path}: no current-context is set`);
  const ctx = pick(doc, 'contexts', 'context', contextName, path);
  const cluster = pick(doc, 'clusters', 'cluster', String(ctx.cluster ?? ''), path);
  const user = ctx.user ? pick(doc, 'users', 'user', String(ctx.user), path) : {};
  if (!cluster.server) throw errors.badRequest(`kubeconfig ${path}: cluster "${ctx.cluster}" has no server`);

  const config: ClientConfig = { server: String(cluster.server).replace(/\/+$/, '') };
  config.ca = pem(cluster, 'certificate-authority', base);
  if (cluster['insecure-skip-tls-verify'] === true) config.insecureSkipTlsVerify = true;
  if (typeof user.token === 'string') config.token = user.token;
  else if (typeof user.tokenFile === 'string')
    config.token = readFileSync(resolve(base, user.tokenFile), 'utf8').trim();
  if (typeof user.username === 'string') config.username = user.username;
  if (typeof user.password === 'string') config.password = user.password;
  // As kubectl: a token and basic credentials together are ambiguous, not "token wins".
  if (config.token !== undefined && (config.username !== undefined || config.password !== undefined))
    throw errors.badRequest(
      `more than one authentication method found for ${String(ctx.user)}; found [token basicAuth]`,
    );
  config.cert = pem(user, 'client-certificate', base);
  config.key = pem(user, 'client-key', base);
  for (const k of Object.keys(config) as (keyof ClientConfig)[])
    if (config[k] === undefined) delete config[k];
  return {
    config,
    namespace: typeof ctx.namespace === 'string' && ctx.namespace ? ctx.namespace : 'default',
  };
}

/** The `field` object of the entry called `name` in doc[list] (contexts, clusters, users). */
function pick(
  doc: Record<string, unknown>,
  list: string,
  field: string,
  name: string,
  path: string,
): Record<string, unknown> {
  const entries = (doc[list] ?? []) as Record<string, unknown>[];
  const entry = Array.isArray(entries) ? entries.find((e) => e?.name === name) : undefined;
  if (!entry) throw errors.badRequest(`kubeconfig ${path}: ${field} "${name}" not found`);
  return (entry[field] ?? {}) as Record<string, unknown>;
}

/** `<field>-data` (base64 inline) wins over `<field>` (a file path). */
function pem(section: Record<string, unknown>, field: string, base: string): Buffer | undefined {
  const data = section[`${field}-data`];
  if (typeof data === 'string' && data) return Buffer.from(data, 'base64');
  const file = section[field];
  if (typeof file === 'string' && file) return readFileSync(resolve(base, file));
  return undefined;
}
