// `kubecfg list|get|create|update|delete <resource>[/name] [-c FILE]`: the 2014 CRUD verbs over pods,
// services, replicationControllers and minions, printed as kubecfg's tables (or --json / --yaml). Config
// files may be the 2014 v1beta1 shape or v1.
import { parse } from 'yaml';
import { isConflict } from '../../../api/errors';
import type { KubeObject } from '../../../api/types';
import { UsageError } from '../usage-error';
import { namespaceFor, type Session } from '../session';
import { fromV1beta1 } from './legacy';
import { parseKubecfgTarget } from './kinds';
import { printKubecfg, type KubecfgFormat } from './printer';

export interface CrudFlags {
  config?: string;
  json?: boolean;
  yaml?: boolean;
}

export type CrudVerb = 'list' | 'get' | 'create' | 'update' | 'delete';

const formatOf = (f: CrudFlags): KubecfgFormat => (f.json ? 'json' : f.yaml ? 'yaml' : 'table');

export async function crud(s: Session, verb: CrudVerb, word: string, name: string | undefined, f: CrudFlags) {
  const t = parseKubecfgTarget(word, name);
  const ns = namespaceFor(s, t);
  const print = (objs: KubeObject[], single: boolean) =>
    s.io.out(printKubecfg(t.info, objs, formatOf(f), single));
  switch (verb) {
    case 'list': {
      const list = await s.client.listAll(t.info.resource, ns);
      print(list.items, false);
      return 0;
    }
    case 'get':
      print([await s.client.get(t.info.resource, ns, needName(t.name, verb))], true);
      return 0;
    case 'delete':
      await s.client.delete(t.info.resource, ns, needName(t.name, verb));
      s.io.out(`Deleted ${t.info.resource}/${t.name}\n`);
      return 0;
    case 'create':
    case 'update': {
      if (!f.config) throw new UsageError(`kubecfg ${verb} needs a config file: -c FILE`);
      const obj = fromV1beta1(parse(s.io.readFile(f.config)) as Record<string, unknown>, t.info.kind);
      if (verb === 'create') {
        print([await s.client.create(t.info.resource, ns, obj)], true);
        return 0;
      }
      const target = t.name ?? obj.metadata?.name;
      if (t.name && obj.metadata?.name && t.name !== obj.metadata.name)
        throw new UsageError(`the name in ${f.config} ("${obj.metadata.name}") is not ${t.name}`);
      print([await replace(s, t.info.resource, ns, needName(target, verb), obj)], true);
      return 0;
    }
  }
}

/**
 * PUT the file's object at the live resourceVersion. A controller writing status in between makes that
 * version stale (409 Conflict); the file still says what the user wants, so take the new version and retry.
 */
async function replace(s: Session, resource: string, ns: string | undefined, name: string, obj: KubeObject) {
  for (let attempt = 1; ; attempt++) {
    const live = await s.client.get(resource, ns, name);
    const next = {
      ...obj,
      metadata: { ...obj.metadata, name, resourceVersion: live.metadata?.resourceVersion },
    };
    try {
      return await s.client.update(resource, ns, next);
    } catch (e) {
      if (!isConflict(e) || attempt === 5) throw e;
    }
  }
}

function needName(name: string | undefined, verb: string): string {
  if (!name) throw new UsageError(`kubecfg ${verb} needs a name: e.g. pods/web-1`);
  return name;
}
