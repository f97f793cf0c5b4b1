// The files a pod's containers see in /etc that the node makes for it: resolv.conf (from the pod's dnsPolicy
// and dnsConfig, the kubelet's cluster DNS flags and the node's resolv.conf) and hosts (the pod's IP and
// hostname). Written once per pod under <rootDir>/pods/<uid>/ (removed with the pod dir) and bind-mounted into
// every app container. Docker lets a bind mount at /etc/resolv.conf or /etc/hosts replace its own, also for
// containers in `container:<sandbox>` network mode (verified on dockerd 20.10), so the sandbox's Docker-made
// files are never used; the sandbox itself (pause) resolves nothing.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Container, Pod } from '../../../api/types';
import { podDnsConfig, renderEtcHosts, renderResolvConf, type ClusterDnsSettings } from '../../network';
import { podDir } from './volumes';

export interface PodDnsOptions extends ClusterDnsSettings {
  /** The node's resolver file, copied for dnsPolicy Default; default /etc/resolv.conf. */
  hostResolvConf?: string;
}

export const DEFAULT_POD_DNS: PodDnsOptions = { clusterDns: [], clusterDomain: 'cluster.local' };

/** Host paths of the pod's files. */
export interface PodFiles {
  resolvConf: string;
  hosts: string;
}

export function podFilePaths(rootDir: string, podUid: string): PodFiles {
  const dir = podDir(rootDir, podUid);
  return { resolvConf: path.join(dir, 'resolv.conf'), hosts: path.join(dir, 'etc-hosts') };
}

/** A missing node resolv.conf is an empty one (a node without DNS), not an error. */
async function readHostResolvConf(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/**
 * Writes the pod's files when missing or different. An unchanged file is not rewritten: containers that
 * mount it must never see it half-written, and a rewrite in place (never a rename: the mounts hold the inode)
 * happens only when the pod IP changed with a new sandbox.
 */
export async function writePodFiles(
  rootDir: string,
  pod: Pod,
  podIp: string,
  dns: PodDnsOptions,
): Promise<PodFiles> {
  const paths = podFilePaths(rootDir, pod.metadata?.uid ?? '');
  await mkdir(path.dirname(paths.resolvConf), { recursive: true });
  const host = await readHostResolvConf(dns.hostResolvConf ?? '/etc/resolv.conf');
  const wanted: [string, string][] = [
    [paths.resolvConf, renderResolvConf(podDnsConfig(pod, dns, host))],
    [paths.hosts, renderEtcHosts(pod, podIp, dns.clusterDomain)],
  ];
  for (const [file, text] of wanted) {
    const current = await readFile(file, 'utf8').catch(() => undefined);
    if (current !== text) await writeFile(file, text, { mode: 0o644 });
  }
  return paths;
}

/** Bind mounts of the pod's files, except where the container mounts its own volume at that path. */
export function podFileBinds(container: Container, files: PodFiles): string[] {
  const taken = new Set((container.volumeMounts ?? []).map((m) => path.posix.normalize(m.mountPath)));
  const binds: string[] = [];
  if (!taken.has('/etc/resolv.conf')) binds.push(`${files.resolvConf}:/etc/resolv.conf`);
  if (!taken.has('/etc/hosts')) binds.push(`${files.hosts}:/etc/hosts`);
  return binds;
}
