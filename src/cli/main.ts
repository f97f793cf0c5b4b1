// The k8ts command: parses the verb and hands off to one file per verb. Verbs only wire parts together.
import { Command } from 'commander';
import { registerLifecycle } from './lifecycle';
import { registerVersion } from './version';
import { registerApiServer } from './apiserver';
import { registerControllerManager } from './controller-manager';
import { registerKubelet } from './kubelet';
import { registerHollowNodes } from './hollow-nodes';
import { registerScheduler } from './scheduler';

const program = new Command();
program
  .name('k8ts')
  .description('The Kubernetes design of 2014, built for real in TypeScript.')
  .showHelpAfterError('(run with --help for usage)');

registerVersion(program);
registerApiServer(program);
registerControllerManager(program);
registerKubelet(program);
registerHollowNodes(program);
registerScheduler(program);
registerLifecycle(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
