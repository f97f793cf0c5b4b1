// The cluster's kubeconfigs, all mode 0600 under $K8TS_HOME (never ~/.kube/config): the admin's at
// $K8TS_HOME/kubeconfig for kubectl, and one per component and node at $K8TS_HOME/kubeconfigs/<name>.kubeconfig
// for their --kubeconfig flag. Each embeds the CA (certificate-authority-data, so it works wherever it is
// copied) and one bearer token — never a token and a password together, which kubectl rejects as ambiguous.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { ClusterCredentials, ComponentName } from './credentials';
import type { ClusterPaths } from './paths';

export interface KubeconfigSpec {
  /** https://<addr>:<port> (or http:// for the old insecure port). */
  server: string;
  /** PEM of the cluster CA; omitted for plain http. */
  caCert?: string;
  /** The user's name in the file (and the context's). */
  userName: string;
  token?: string;
}

/** A kubeconfig document with one cluster, one user and one current context, all named after the cluster. */
export function renderKubeconfig(spec: KubeconfigSpec): string {
  const cluster: Record<string, string> = { server: spec.server };
  if (spec.caCert) cluster['certificate-authority-data'] = Buffer.from(spec.caCert).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'k8ts', cluster }],
    users: [{ name: spec.userName, user: spec.token ? { token: spec.token } : {} }],
    contexts: [{ name: 'k8ts', context: { cluster: 'k8ts', user: spec.userName } }],
    'current-context': 'k8ts',
  });
}

function writeConfig(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600); // the mode option is ignored for a file that existed
  return file;
}

/** Where a component's or node's kubeconfig is: $K8TS_HOME/kubeconfigs/<name>.kubeconfig. */
export const kubeconfigPath = (paths: ClusterPaths, name: string) =>
  path.join(paths.home, 'kubeconfigs', `${name}.kubeconfig`);

/** The file name a node's kubeconfig has (its kubelet's --kubeconfig). */
export const nodeKubeconfigName = (node: string) => `node-${node}`;

export interface ClusterKubeconfigs {
  /** $K8TS_HOME/kubeconfig: the admin, for kubectl. */
  admin: string;
  /** Each component's --kubeconfig (the proxy's is shared by the proxies of every node). */
  components: Record<ComponentName, string>;
  /** Node name → its kubelet's --kubeconfig. */
  nodes: Record<string, string>;
}

/** Writes the admin's, each component's and each node's kubeconfig for `server`; returns their paths. */
export function writeClusterKubeconfigs(
  paths: ClusterPaths,
  credentials: ClusterCredentials,
  server: string,
): ClusterKubeconfigs {
  const caCert = readFileSync(credentials.pki.caCert, 'utf8');
  const write = (file: string, userName: string, token: string) =>
    writeConfig(file, renderKubeconfig({ server, caCert, userName, token }));
  const admin = write(paths.kubeconfig, credentials.admin.user, credentials.admin.token);
  const components = Object.fromEntries(
    Object.entries(credentials.components).map(([name, c]) => [
      name,
      write(kubeconfigPath(paths, name), c.user, c.token),
    ]),
  ) as Record<ComponentName, string>;
  const nodes = Object.fromEntries(
    credentials.nodes.map((n) => [
      n.name,
      write(kubeconfigPath(paths, nodeKubeconfigName(n.name)), n.user, n.token),
    ]),
  );
  return { admin, components, nodes };
}
