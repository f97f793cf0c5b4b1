// The command-line flags that hand the credentials of ./credentials and the kubeconfigs of ./kubeconfig to
// the processes: the apiserver's TLS, client CA, token and basic-auth files and its client pair for kubelets;
// a kubelet's kubeconfig, serving pair and client CA; any other component's kubeconfig. Pure.
import type { ClusterCredentials, ComponentName } from './credentials';
import type { ClusterKubeconfigs } from './kubeconfig';

/** The apiserver's secure-port flags: HTTPS on bindAddress:securePort with every authenticator we make. */
export function apiserverAuthArgs(c: ClusterCredentials, bindAddress: string, securePort: number): string[] {
  return [
    '--secure-port',
    String(securePort),
    '--bind-address',
    bindAddress,
    '--tls-cert-file',
    c.pki.servingCert,
    '--tls-private-key-file',
    c.pki.servingKey,
    '--client-ca-file',
    c.pki.caCert,
    '--token-auth-file',
    c.tokenFile,
    '--basic-auth-file',
    c.basicAuthFile,
    '--kubelet-client-certificate',
    c.kubeletClient.cert,
    '--kubelet-client-key',
    c.kubeletClient.key,
    '--kubelet-certificate-authority',
    c.pki.caCert,
  ];
}

/** A kubelet's flags: its node's kubeconfig (instead of --api-servers) and HTTPS on --port for the apiserver. */
export function kubeletAuthArgs(c: ClusterCredentials, k: ClusterKubeconfigs, node: string): string[] {
  const n = c.nodes.find((x) => x.name === node);
  const kubeconfig = k.nodes[node];
  if (!n || !kubeconfig)
    throw new Error(`no credentials for node "${node}": pass it to ensureClusterCredentials`);
  return [
    '--kubeconfig',
    kubeconfig,
    '--tls-cert-file',
    n.serving.cert,
    '--tls-private-key-file',
    n.serving.key,
    '--client-ca-file',
    c.pki.caCert,
  ];
}

/** A control-plane component's flags (instead of --master): its own kubeconfig. */
export function componentAuthArgs(k: ClusterKubeconfigs, component: ComponentName): string[] {
  return ['--kubeconfig', k.components[component]];
}
