// `k8ts version`: the build version and the Kubernetes API version this build serves.
import type { Command } from 'commander';
import { K8TS_VERSION, KUBE_VERSION } from '../api/version';

export function registerVersion(program: Command): void {
  program
    .command('version')
    .description('print the k8ts version and the Kubernetes API version it serves')
    .action(() => {
      process.stdout.write(`k8ts ${K8TS_VERSION} (serves Kubernetes ${KUBE_VERSION.gitVersion} core/v1)\n`);
    });
}
