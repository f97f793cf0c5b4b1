// A pod's resolver configuration, as Kubernetes' kubelet forms it (pkg/kubelet/network/dns): pure functions from
// the pod's dnsPolicy and dnsConfig, the kubelet's --cluster-dns/--cluster-domain and the node's resolv.conf to
// the text of the pod's /etc/resolv.conf. The runtime writes that text once per pod and bind-mounts it.
import type { Pod } from '../../api/types';

export interface DnsConfig {
  nameservers: string[];
  searches: string[];
  /** `ndots:5`, `edns0`: a name with an optional `:value`. */
  options: string[];
}

export interface ClusterDnsSettings {
  /** --cluster-dns; empty: ClusterFirst pods get the node's resolver (as Kubernetes falls back to Default). */
  clusterDns: readonly string[];
  /** --cluster-domain, e.g. cluster.local. */
  clusterDomain: string;
}

/** glibc reads at most 3 nameservers and (before 2.26) 6 search domains; Kubernetes trims to the same. */
export const MAX_NAMESERVERS = 3;
export const MAX_SEARCHES = 6;

/** The parts of a resolv.conf that matter to a pod; comments and unknown keywords are dropped. */
export function parseResolvConf(text: string): DnsConfig {
  const config: DnsConfig = { nameservers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const fields = raw
      .replace(/[#;].*$/, '')
      .trim()
      .split(/\s+/);
    const [key, ...values] = fields;
    if (key === 'nameserver' && values[0]) config.nameservers.push(values[0]);
    // The last search (or domain) line wins, as in glibc.
    else if (key === 'search' || key === 'domain') config.searches = values.filter(Boolean);
    else if (key === 'options') config.options.push(...values.filter(Boolean));
  }
  return config;
}

const dedupe = (list: readonly string[]) => [...new Set(list)];
const optionName = (option: string) => option.split(':')[0]!;

/** Options merged by name: a later one replaces an earlier one of the same name, in the earlier's place. */
function mergeOptions(base: readonly string[], extra: readonly string[]): string[] {
  const byName = new Map<string, string>();
  for (const o of [...base, ...extra]) byName.set(optionName(o), o);
  return [...byName.values()];
}

type Policy = 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';

/** Which base the pod gets: the cluster's resolver, the node's, or nothing (dnsConfig only). */
function effectivePolicy(pod: Pod, settings: ClusterDnsSettings): 'cluster' | 'host' | 'none' {
  const policy = (pod.spec?.dnsPolicy ?? 'ClusterFirst') as Policy;
  if (policy === 'None') return 'none';
  if (policy === 'Default') return 'host';
  // A host-network pod under plain ClusterFirst uses the node's resolver; ClusterFirstWithHostNet opts in.
  if (policy === 'ClusterFirst' && pod.spec?.hostNetwork) return 'host';
  return settings.clusterDns.length ? 'cluster' : 'host';
}

/**
 * The resolver a pod gets. ClusterFirst with cluster DNS: the cluster's nameservers, the search path
 * `<ns>.svc.<domain> svc.<domain> <domain>` followed by the node's own search domains, `ndots:5`.
 * ClusterFirst without cluster DNS, and Default: the node's resolv.conf. None: nothing but spec.dnsConfig.
 * spec.dnsConfig is then appended (nameservers and searches de-duplicated, options merged by name, the pod's
 * value winning) and the lists are trimmed to what the resolver reads.
 */
export function podDnsConfig(pod: Pod, settings: ClusterDnsSettings, hostResolvConf: string): DnsConfig {
  const host = parseResolvConf(hostResolvConf);
  const namespace = pod.metadata?.namespace || 'default';
  const domain = settings.clusterDomain.replace(/\.$/, '');
  let base: DnsConfig;
  switch (effectivePolicy(pod, settings)) {
    case 'cluster':
      base = {
        nameservers: [...settings.clusterDns],
        searches: [`${namespace}.svc.${domain}`, `svc.${domain}`, domain, ...host.searches],
        options: ['ndots:5'],
      };
      break;
    case 'host':
      base = host;
      break;
    case 'none':
      base = { nameservers: [], searches: [], options: [] };
  }
  const extra = pod.spec?.dnsConfig;
  const options = (extra?.options ?? []).flatMap((o) =>
    o.name ? [o.value !== undefined && o.value !== '' ? `${o.name}:${o.value}` : o.name] : [],
  );
  return {
    nameservers: dedupe([...base.nameservers, ...(extra?.nameservers ?? [])]).slice(0, MAX_NAMESERVERS),
    searches: dedupe([...base.searches, ...(extra?.searches ?? [])]).slice(0, MAX_SEARCHES),
    options: mergeOptions(base.options, options),
  };
}

/** The resolv.conf text; empty lists give no line. */
export function renderResolvConf(config: DnsConfig): string {
  const lines = config.nameservers.map((ns) => `nameserver ${ns}`);
  if (config.searches.length) lines.push(`search ${config.searches.join(' ')}`);
  if (config.options.length) lines.push(`options ${config.options.join(' ')}`);
  return lines.map((l) => `${l}\n`).join('');
}
