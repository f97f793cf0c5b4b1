// Kernel settings the iptables data plane needs in the proxy's network namespace: forwarding, so DNATed
// traffic from pods is routed at all, and (when br_netfilter is loaded) bridge-nf-call-iptables, so that a pod
// reaching a service whose endpoint sits on the same bridge has its reply un-DNATed by conntrack instead of
// arriving from the wrong address. Values are read first and written only when they differ, through the
// runner, so a namespaced runner changes that namespace and never the host.
import type { Logger } from '../../util';
import type { CommandRunner } from '../../util/command-runner';

export interface Sysctl {
  readonly key: string;
  /** Absent and required → the proxier cannot work; absent and optional → skipped. */
  readonly required: boolean;
}

export const SYSCTLS: readonly Sysctl[] = [
  { key: 'net.ipv4.ip_forward', required: true },
  { key: 'net.bridge.bridge-nf-call-iptables', required: false },
];

const procPath = (key: string) => `/proc/sys/${key.replaceAll('.', '/')}`;

/** Sets each setting to 1 where it is not; returns the keys it changed. */
export async function ensureSysctls(runner: CommandRunner, log: Logger): Promise<string[]> {
  const changed: string[] = [];
  for (const { key, required } of SYSCTLS) {
    let value: string;
    try {
      value = (await runner.run('cat', [procPath(key)])).trim();
    } catch (err) {
      if (required) throw err;
      continue;
    }
    if (value === '1') continue;
    await runner.run('sysctl', ['-w', `${key}=1`]);
    log.info({ key, was: value }, `set ${key}=1`);
    changed.push(key);
  }
  return changed;
}
