// A verb's connection to the cluster, made from the global flags: the client, its config (for the few raw
// requests the client does not make: tables, log streams, exec) and the namespace to act in.
import { existsSync } from 'node:fs';
import { errors } from '../../api/errors';
import { KubeClient, loadKubeconfig, type ClientConfig } from '../../client';
import { kubeconfigPath, type GlobalFlags } from './flags';
import type { Io } from './io';
import type { Target } from './resources';

export interface Session {
  client: KubeClient;
  config: ClientConfig;
  /** The namespace to act in (-n, else the context's, else "default"). */
  namespace: string;
  /** -A: list across namespaces. */
  allNamespaces: boolean;
  io: Io;
}

export function openSession(flags: GlobalFlags, io: Io): Session {
  const file = kubeconfigPath(flags.kubeconfig, io.env);
  let config: ClientConfig | undefined;
  let namespace = 'default';
  if (existsSync(file)) {
    const kc = loadKubeconfig(file);
    config = kc.config;
    namespace = kc.namespace;
  } else if (flags.kubeconfig) {
    throw errors.badRequest(`the kubeconfig ${file} does not exist`);
  }
  if (flags.server) config = { ...config, server: flags.server.replace(/\/+$/, '') };
  if (!config) {
    throw errors.badRequest(
      `no cluster to talk to: ${file} does not exist; start one with \`k8ts up\` or pass --server URL`,
    );
  }
  config = { ...config, userAgent: 'k8ts-cli' };
  const client = new KubeClient(config);
  return {
    client,
    config,
    namespace: flags.namespace ?? namespace,
    allNamespaces: flags.allNamespaces === true,
    io,
  };
}

/** The namespace a request goes to: none for cluster-scoped kinds and for -A lists. */
export function namespaceFor(s: Session, t: Target): string | undefined {
  if (!t.info.namespaced) return undefined;
  return s.allNamespaces && !t.name ? undefined : s.namespace;
}
