// kubectl's global flags, added to every verb: where the cluster is (--kubeconfig, --server) and which
// namespace (-n, -A). The kubeconfig is found like kubectl finds its own, but never in ~/.kube: $KUBECONFIG,
// then $K8TS_HOME/kubeconfig, then ~/.k8ts/kubeconfig (what `k8ts up` writes).
import type { Command } from 'commander';
import path from 'node:path';

export interface GlobalFlags {
  kubeconfig?: string;
  server?: string;
  namespace?: string;
  allNamespaces?: boolean;
}

export function addGlobalFlags(cmd: Command, opts: { allNamespaces?: boolean } = {}): Command {
  cmd
    .option(
      '--kubeconfig <file>',
      'kubeconfig file (default $KUBECONFIG, $K8TS_HOME/kubeconfig, ~/.k8ts/kubeconfig)',
    )
    .option(
      '-s, --server <url>',
      'the apiserver address, e.g. http://127.0.0.1:8080 (overrides the kubeconfig)',
    )
    .option('-n, --namespace <ns>', 'the namespace (default: the kubeconfig context’s, else "default")');
  if (opts.allNamespaces) cmd.option('-A, --all-namespaces', 'list across all namespaces');
  return cmd;
}

/** The kubeconfig to read: the flag, else the first of the default places (the file may not exist). */
export function kubeconfigPath(flag: string | undefined, env: Record<string, string | undefined>): string {
  if (flag) return flag;
  const fromEnv = env.KUBECONFIG?.split(path.delimiter).find((p) => p);
  if (fromEnv) return fromEnv;
  if (env.K8TS_HOME) return path.join(env.K8TS_HOME, 'kubeconfig');
  return path.join(env.HOME ?? '', '.k8ts', 'kubeconfig');
}
