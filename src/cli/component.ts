// What every component command shares: the apiserver client its flags describe, and a clean exit on
// SIGTERM/SIGINT.
import { KubeClient } from '../client';

export interface ApiserverFlags {
  master?: string;
  kubeconfig?: string;
}

/**
 * The client for a component: --kubeconfig gives the server and credentials, and --master overrides the
 * server while keeping them (as kube-scheduler and kube-controller-manager do). Throws when neither is given.
 */
export function componentClient(component: string, flags: ApiserverFlags): KubeClient {
  const userAgent = `k8ts-${component}`;
  const master = flags.master?.replace(/\/+$/, '');
  if (flags.kubeconfig) {
    const client = KubeClient.fromKubeconfig(flags.kubeconfig);
    return master ? new KubeClient({ ...client.config, server: master, userAgent }) : client;
  }
  if (master) return new KubeClient({ server: master, userAgent });
  throw new Error(`the ${component} needs an apiserver: pass --master URL or --kubeconfig FILE`);
}

/** Runs stop() once on the first SIGTERM or SIGINT, then exits 0 (1, with the reason, if stopping failed). */
export function exitOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
