// The k8ts command: parses the verb and hands off to one file per verb. Verbs only wire parts together.
// Only the named verb's module is loaded (each is its own chunk in the bundle), so `k8ts kubelet` never
// pays for the store drivers and `k8ts apiserver` never loads dockerode; `--help` loads them all.
import { Command } from 'commander';

type Register = (program: Command) => void;

const VERBS: Record<string, () => Promise<Register>> = {
  version: async () => (await import('./version')).registerVersion,
  apiserver: async () => (await import('./apiserver')).registerApiServer,
  'controller-manager': async () => (await import('./controller-manager')).registerControllerManager,
  scheduler: async () => (await import('./scheduler')).registerScheduler,
  kubelet: async () => (await import('./kubelet')).registerKubelet,
  'hollow-nodes': async () => (await import('./hollow-nodes')).registerHollowNodes,
  proxy: async () => (await import('./proxy')).registerProxy,
  dns: async () => (await import('./dns')).registerDns,
  lifecycle: async () => (await import('./lifecycle')).registerLifecycle,
  get: async () => (await import('./ctl/get')).registerGet,
  describe: async () => (await import('./ctl/describe')).registerDescribe,
  create: async () => (await import('./ctl/create')).registerCreate,
  apply: async () => (await import('./ctl/apply')).registerApply,
  delete: async () => (await import('./ctl/delete')).registerDelete,
  scale: async () => (await import('./ctl/scale')).registerScale,
  logs: async () => (await import('./ctl/logs')).registerLogs,
  exec: async () => (await import('./ctl/exec')).registerExec,
  run: async () => (await import('./ctl/run')).registerRun,
  expose: async () => (await import('./ctl/expose')).registerExpose,
  label: async () => (await import('./ctl/label')).registerLabel,
  kubecfg: async () => (await import('./ctl/kubecfg')).registerKubecfg,
  completion: async () => (await import('./ctl/completion')).registerCompletion,
  join: async () => (await import('./join')).registerJoin,
};
const LIFECYCLE_VERBS = new Set(['up', 'down', 'push', 'status']);

async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('k8ts')
    .description('The Kubernetes design of 2014, built for real in TypeScript.')
    .showHelpAfterError('(run with --help for usage)');
  const verb = argv[2] ?? '';
  const key = LIFECYCLE_VERBS.has(verb) ? 'lifecycle' : verb;
  const loaders = key in VERBS ? [VERBS[key]!] : Object.values(VERBS);
  for (const load of loaders) (await load())(program);
  await program.parseAsync(argv);
}

main(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
