// What a joined host runs and where it keeps it, pure: the settings `k8ts join` saved in <home>/join.json
// (so that `join --down` removes what join made) and the kubelet and proxy command lines built from them.
// The kubelet and proxy authenticate with the node's client certificate (./join-credentials); the kubelet
// serves HTTPS with the serving certificate the cluster CA signed for the node's address.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dockerdPaths } from '../kubelet/runtime';
import { hostPortChainOf, type ComponentPlan } from './components';
import type { NodeFiles } from './join-credentials';

export interface JoinSettings {
  /** https://<address>:<port> of the apiserver. */
  server: string;
  nodeName: string;
  nodeIp: string;
  podCidr: string;
  bridge: string;
  serviceCidr: string;
  /** The proxy's --cluster-cidr; '' leaves the proxy's default. */
  clusterCidr: string;
  /** '' when the cluster has no kube-dns service. */
  clusterDns: string;
  clusterDomain: string;
  kubeletPort: number;
  proxyMode: 'userspace' | 'iptables';
  proxyHealthzPort: number;
}

const settingsFile = (home: string) => path.join(home, 'join.json');

export function saveJoinSettings(home: string, s: JoinSettings): void {
  mkdirSync(home, { recursive: true });
  writeFileSync(settingsFile(home), `${JSON.stringify(s, null, 2)}\n`);
}

export function loadJoinSettings(home: string): JoinSettings | undefined {
  const file = settingsFile(home);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as JoinSettings) : undefined;
}

/** The joined node's dockerd state dir (its own daemon, as on any other host). */
export const joinDockerRoot = (home: string) => path.join(home, 'docker');

/** The kubelet, then the proxy; both in the current network namespace (this host's). */
export function planJoinComponents(
  home: string,
  s: JoinSettings,
  files: NodeFiles,
  withProxy = true,
): ComponentPlan[] {
  const kubelet = ['kubelet', '--kubeconfig', files.kubeconfig, '--hostname-override', s.nodeName];
  kubelet.push('--tls-cert-file', files.servingCert, '--tls-private-key-file', files.servingKey);
  kubelet.push('--client-ca-file', files.caCert);
  kubelet.push('--docker-endpoint', `unix://${dockerdPaths(joinDockerRoot(home)).socket}`);
  kubelet.push('--root-dir', path.join(home, 'kubelet'), '--pod-cidr', s.podCidr, '--bridge', s.bridge);
  kubelet.push('--node-ip', s.nodeIp, '--port', String(s.kubeletPort), '--cluster-domain', s.clusterDomain);
  if (s.clusterDns) kubelet.push('--cluster-dns', s.clusterDns);
  kubelet.push('--hostport-chain', hostPortChainOf(s.bridge));
  const plan: ComponentPlan[] = [{ name: 'kubelet', verb: 'kubelet', node: 0, args: kubelet }];
  if (!withProxy) return plan;
  const proxy = ['proxy', '--kubeconfig', files.kubeconfig, '--proxy-mode', s.proxyMode];
  proxy.push('--hostname-override', s.nodeName, '--service-cluster-ip-range', s.serviceCidr);
  if (s.clusterCidr) proxy.push('--cluster-cidr', s.clusterCidr);
  proxy.push('--nodeport-addresses', s.nodeIp, '--healthz-bind-address', `127.0.0.1:${s.proxyHealthzPort}`);
  plan.push({ name: 'proxy', verb: 'proxy', node: 0, args: proxy });
  return plan;
}
