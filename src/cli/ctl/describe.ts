// `k8ts describe <type> <name>`: one object in readable sections (pods, rcs, services and nodes get
// kubectl's sections), with the events about it — matched on involvedObject.uid — at the end.
import type { Command } from 'commander';
import type { ResourceInfo } from '../../api/resources';
import type {
  Endpoints,
  Event,
  KubeObject,
  Node,
  Pod,
  ReplicationController,
  Service,
} from '../../api/types';
import { isNotFound } from '../../api/errors';
import { realClock } from '../../util';
import { runVerb } from './action';
import { addGlobalFlags, type GlobalFlags } from './flags';
import { processIo, type Io } from './io';
import { DescribeDoc, formatMap } from './printers/describe-doc';
import {
  describeNode,
  describeOther,
  describePod,
  describeRc,
  describeService,
} from './printers/describe-kinds';
import { parseTargets } from './resources';
import { namespaceFor, type Session } from './session';
import { UsageError } from './usage-error';

export function registerDescribe(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('describe')
    .description('show one object in detail, with its recent events')
    .argument('<type[/name]...>', 'e.g. `pod web-1`, `rc/frontend`, `node n1`');
  addGlobalFlags(cmd).action((args: string[], f: GlobalFlags) => runVerb(io, f, (s) => describe(s, args)));
}

async function describe(s: Session, args: string[]): Promise<number> {
  const docs: string[] = [];
  for (const t of parseTargets(args)) {
    if (!t.name) throw new UsageError(`give the name of the ${t.info.singular} to describe`);
    const obj = await s.client.get<KubeObject>(t.info.resource, namespaceFor(s, t), t.name);
    docs.push(await describeOne(s, t.info, obj));
  }
  s.io.out(docs.join('\n\n'));
  return 0;
}

async function describeOne(s: Session, info: ResourceInfo, obj: KubeObject): Promise<string> {
  const now = realClock.now();
  const doc = new DescribeDoc();
  const ns = obj.metadata?.namespace;
  switch (info.resource) {
    case 'pods':
      describePod(doc, obj as Pod);
      break;
    case 'replicationcontrollers': {
      const rc = obj as ReplicationController;
      const pods = await s.client.list<Pod>('pods', ns, { labelSelector: formatMap(rc.spec?.selector) });
      describeRc(doc, rc, { pods: pods.items });
      break;
    }
    case 'services': {
      const endpoints = await s.client
        .get<Endpoints>('endpoints', ns, obj.metadata!.name!)
        .catch((e: unknown) => {
          if (isNotFound(e)) return undefined;
          throw e;
        });
      describeService(doc, obj as Service, { endpoints });
      break;
    }
    case 'nodes': {
      const fieldSelector = `spec.nodeName=${obj.metadata?.name},status.phase!=Succeeded,status.phase!=Failed`;
      const pods = await s.client.listAll<Pod>('pods', undefined, { fieldSelector });
      describeNode(doc, obj as Node, { pods: pods.items }, now);
      break;
    }
    default:
      describeOther(doc, obj, info.namespaced);
  }
  if (info.resource !== 'events') {
    const fieldSelector = `involvedObject.uid=${obj.metadata?.uid}`;
    const events = await s.client.listAll<Event>('events', info.namespaced ? ns : undefined, {
      fieldSelector,
    });
    doc.events(events.items, now);
  }
  return doc.toString();
}
