// A pod's /etc/hosts, as Kubernetes' kubelet writes it: the loopback entries, the pod's own IP with its hostname
// (and its FQDN when spec.subdomain is set), then spec.hostAliases. Pure; the runtime writes and mounts it.
import type { Pod } from '../../api/types';

/** The pod's hostname: spec.hostname, else its name, cut to a DNS label's 63 characters. */
export function podHostname(pod: Pod): string {
  return (pod.spec?.hostname || pod.metadata?.name || 'pod').slice(0, 63);
}

export function renderEtcHosts(pod: Pod, podIp: string, clusterDomain: string): string {
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ];
  const hostname = podHostname(pod);
  const subdomain = pod.spec?.subdomain;
  if (subdomain) {
    const ns = pod.metadata?.namespace || 'default';
    const domain = clusterDomain.replace(/\.$/, '');
    lines.push(`${podIp}\t${hostname}.${subdomain}.${ns}.svc.${domain}\t${hostname}`);
  } else {
    lines.push(`${podIp}\t${hostname}`);
  }
  const aliases = (pod.spec?.hostAliases ?? []).filter((a) => a.ip && a.hostnames?.length);
  if (aliases.length) {
    lines.push('', '# Entries added by HostAliases.');
    for (const a of aliases) lines.push(`${a.ip}\t${a.hostnames!.join('\t')}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}
