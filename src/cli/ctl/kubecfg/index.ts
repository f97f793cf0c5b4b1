// `k8ts kubecfg ...`: the 2014 command-line client, kept for users of the seed's instructions. Each
// subcommand takes the global flags (--server, --kubeconfig, -n) like the kubectl-style verbs.
import type { Command } from 'commander';
import { realClock, parseDuration } from '../../../util';
import { runVerb } from '../action';
import { addGlobalFlags, type GlobalFlags } from '../flags';
import { processIo, type Io } from '../io';
import type { Session } from '../session';
import { controllerFor, parseReplicas, stopController, type OpsDeps } from './controller-ops';
import { crud, type CrudFlags, type CrudVerb } from './crud';
import { printKubecfg } from './printer';
import { resourceInfo } from '../../../api/resources';
import { rollingUpdate } from './rolling-update';

const CRUD: Record<CrudVerb, string> = {
  list: 'list every pod, service, replicationController or minion',
  get: 'show one object: `get pods/web-1`',
  create: 'create an object from a config file: `create pods -c pod.json`',
  update: 'replace an object with a config file: `update replicationControllers/fe -c rc.json`',
  delete: 'delete an object: `delete pods/web-1`',
};

function deps(s: Session): OpsDeps {
  return {
    client: s.client,
    namespace: s.namespace,
    sleep: (ms) => new Promise((r) => realClock.setTimeout(r, ms)),
    now: () => realClock.now(),
    log: (line) => s.io.out(`${line}\n`),
  };
}

export function registerKubecfg(program: Command, io: Io = processIo()): void {
  const kubecfg = program
    .command('kubecfg')
    .description('the 2014 kubecfg client: list|get|create|update|delete, run, resize, stop, rollingupdate');
  const sub = (name: string, description: string) =>
    addGlobalFlags(kubecfg.command(name).description(description));

  for (const [verb, description] of Object.entries(CRUD) as [CrudVerb, string][]) {
    sub(verb, description)
      .argument('<resource>', 'pods, services, replicationControllers or minions; optionally /NAME')
      .argument('[name]', 'the object’s name')
      .option('-c, --config <file>', 'JSON or YAML config file (v1beta1 or v1)')
      .option('--json', 'print JSON')
      .option('--yaml', 'print YAML')
      .action((word: string, name: string | undefined, f: CrudFlags & GlobalFlags) =>
        runVerb(io, f, (s) => crud(s, verb, word, name, f)),
      );
  }

  sub('run', 'run REPLICAS copies of IMAGE as a replicationController NAME, labelled name=NAME')
    .argument('<image>')
    .argument('<replicas>')
    .argument('<name>')
    .option('-p, --port <spec>', 'CONTAINER_PORT or HOST_PORT:CONTAINER_PORT')
    .action((image: string, replicas: string, name: string, f: GlobalFlags & { port?: string }) =>
      runVerb(io, f, async (s) => {
        const rc = controllerFor(image, parseReplicas(replicas), name, f.port);
        const made = await s.client.create('replicationcontrollers', s.namespace, rc);
        s.io.out(printKubecfg(resourceInfo('replicationcontrollers')!, [made], 'table', true));
      }),
    );

  sub('resize', 'set the number of replicas of replicationController NAME')
    .argument('<name>')
    .argument('<replicas>')
    .action((name: string, replicas: string, f: GlobalFlags) =>
      runVerb(io, f, async (s) => {
        const n = parseReplicas(replicas);
        await s.client.patchScale('replicationcontrollers', s.namespace, name, n);
        s.io.out(`Resized replicationController ${name} to ${n}\n`);
      }),
    );

  sub('stop', 'resize replicationController NAME to 0, wait for its pods to stop, then delete it')
    .argument('<name>')
    .action((name: string, f: GlobalFlags) => runVerb(io, f, (s) => stopController(deps(s), name)));

  sub('rollingupdate', 'replace the pods of replicationController NAME one by one')
    .argument('<name>')
    .option('-u, --update-period <duration>', 'pause between two pods, e.g. 10s or 1m', '1m')
    .option('--image <image>', 'first set the controller’s image to this')
    .action((name: string, f: GlobalFlags & { updatePeriod: string; image?: string }) =>
      runVerb(io, f, async (s) => {
        await rollingUpdate(deps(s), name, parseDuration(f.updatePeriod, '--update-period'), f.image);
      }),
    );
}
