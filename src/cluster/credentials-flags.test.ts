import { describe, expect, it } from 'vitest';
import type { ClusterCredentials } from './credentials';
import { apiserverAuthArgs, componentAuthArgs, kubeletAuthArgs } from './credentials-flags';
import type { ClusterKubeconfigs } from './kubeconfig';

const creds = {
  pki: {
    caCert: '/h/pki/ca.crt',
    caKey: '/h/pki/ca.key',
    servingCert: '/h/pki/apiserver.crt',
    servingKey: '/h/pki/apiserver.key',
  },
  tokenFile: '/h/tokens.csv',
  basicAuthFile: '/h/basic_auth.csv',
  kubeletClient: { cert: '/h/pki/apiserver-kubelet-client.crt', key: '/h/pki/apiserver-kubelet-client.key' },
  nodes: [{ name: 'n1', serving: { cert: '/h/pki/kubelet-n1.crt', key: '/h/pki/kubelet-n1.key' } }],
} as unknown as ClusterCredentials;

const kubeconfigs = {
  admin: '/h/kubeconfig',
  components: { scheduler: '/h/kubeconfigs/scheduler.kubeconfig' },
  nodes: { n1: '/h/kubeconfigs/node-n1.kubeconfig' },
} as unknown as ClusterKubeconfigs;

/** Flag → value, from a flat argument list. */
const pairs = (args: string[]) =>
  Object.fromEntries(args.flatMap((a, i) => (i % 2 ? [] : [[a, args[i + 1]]])));

describe('credential flags', () => {
  it('gives the apiserver HTTPS, every authenticator, and its client pair for kubelets', () => {
    expect(pairs(apiserverAuthArgs(creds, '10.240.0.1', 6443))).toEqual({
      '--secure-port': '6443',
      '--bind-address': '10.240.0.1',
      '--tls-cert-file': '/h/pki/apiserver.crt',
      '--tls-private-key-file': '/h/pki/apiserver.key',
      '--client-ca-file': '/h/pki/ca.crt',
      '--token-auth-file': '/h/tokens.csv',
      '--basic-auth-file': '/h/basic_auth.csv',
      '--kubelet-client-certificate': '/h/pki/apiserver-kubelet-client.crt',
      '--kubelet-client-key': '/h/pki/apiserver-kubelet-client.key',
      '--kubelet-certificate-authority': '/h/pki/ca.crt',
    });
  });

  it('gives a kubelet its node kubeconfig, serving pair and the client CA', () => {
    expect(pairs(kubeletAuthArgs(creds, kubeconfigs, 'n1'))).toEqual({
      '--kubeconfig': '/h/kubeconfigs/node-n1.kubeconfig',
      '--tls-cert-file': '/h/pki/kubelet-n1.crt',
      '--tls-private-key-file': '/h/pki/kubelet-n1.key',
      '--client-ca-file': '/h/pki/ca.crt',
    });
    expect(() => kubeletAuthArgs(creds, kubeconfigs, 'n9')).toThrow('no credentials for node "n9"');
  });

  it('gives a component its own kubeconfig', () => {
    expect(componentAuthArgs(kubeconfigs, 'scheduler')).toEqual([
      '--kubeconfig',
      '/h/kubeconfigs/scheduler.kubeconfig',
    ]);
  });
});
