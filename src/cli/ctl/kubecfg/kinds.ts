// kubecfg's resource words: `pods`, `services`, `replicationControllers`, `minions` (nodes), with or without
// a `/NAME` (`pods/web-1`), and the v1 names too.
import { resourceInfo, type ResourceInfo } from '../../../api/resources';
import { resolveResource } from '../resources';

const WORDS: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  replicationcontrollers: 'replicationcontrollers',
  minions: 'nodes',
};

/** `pods/x` or `pods x` → the resource and the name (if any). */
export function parseKubecfgTarget(word: string, name?: string): { info: ResourceInfo; name?: string } {
  const [kind, ...rest] = word.split('/');
  const resource = WORDS[kind!.toLowerCase()];
  const info = resource ? resourceInfo(resource)! : resolveResource(kind!);
  const n = rest.length ? rest.join('/') : name;
  return n ? { info, name: n } : { info };
}
