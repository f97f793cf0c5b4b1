// defaultNodeName: the name this kubelet goes by — in its static pods' names and its etcd key
// (/registry/hosts/<name>/kubelet). As Kubernetes: --hostname-override if given, else `hostname -f`, else the
// kernel's hostname; trimmed and lowercased, because node names are DNS subdomains.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface NodeNameOptions {
  /** --hostname-override. */
  override?: string;
  /** Runs `hostname -f` and returns its output (injectable for tests); may throw. */
  fqdn?: () => string;
}

function hostnameF(): string {
  return execFileSync('hostname', ['-f'], {
    encoding: 'utf8',
    timeout: 2000,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

export function defaultNodeName(options: NodeNameOptions = {}): string {
  const override = options.override?.trim();
  if (override) return override.toLowerCase();
  let name = '';
  try {
    name = (options.fqdn ?? hostnameF)().trim();
  } catch {
    // no `hostname` binary, or no resolvable FQDN: fall back to the kernel's name
  }
  return (name || os.hostname()).trim().toLowerCase();
}
