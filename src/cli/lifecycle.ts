// `k8ts up`, `k8ts down`, `k8ts status`: the local cluster's life cycle (src/cluster does the work).
import type { Command } from 'commander';
import { COMPONENTS, clusterPaths, down, runningPid, up } from '../cluster';

export function registerLifecycle(program: Command): void {
  program
    .command('up')
    .description('install what is missing and start a local cluster on the embedded store')
    .option('--port <port>', 'apiserver port on 127.0.0.1', '8080')
    .option('--skip-install', 'do not check or install Debian and npm packages')
    .action(async (opts: { port: string; skipInstall?: boolean }) => {
      const result = await up({ port: Number(opts.port), skipInstall: opts.skipInstall });
      const out = process.stdout;
      if (result.alreadyRunning) out.write(`The cluster is already running at ${result.server}.\n`);
      else out.write(`\nThe cluster is up at ${result.server}.\n`);
      out.write(
        `\nUse it with kubectl:\n  export KUBECONFIG=${result.kubeconfig}\n  kubectl get namespaces\n`,
      );
      out.write(`Stop it with: bin/k8ts down\n`);
    });

  program
    .command('down')
    .description('stop every component of the local cluster (idempotent)')
    .option('--purge', 'also delete the cluster state in $K8TS_HOME')
    .action(async (opts: { purge?: boolean }) => {
      const stopped = await down({ purge: opts.purge });
      process.stdout.write(stopped.length ? `Stopped: ${stopped.join(', ')}\n` : 'Nothing was running.\n');
    });

  program
    .command('status')
    .description('show which components of the local cluster are running')
    .action(() => {
      const paths = clusterPaths();
      process.stdout.write('COMPONENT      PID\n');
      for (const name of COMPONENTS) {
        const pid = runningPid(paths, name);
        process.stdout.write(`${name.padEnd(14)} ${pid ?? '<not running>'}\n`);
      }
    });
}
