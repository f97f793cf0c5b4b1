// Which resource a user means: `po`, `pod`, `pods`, `Pod`, `rc`, `all` (pods, services, rcs, as kubectl's
// "all" category), and the `kind/name` and `kind name...` forms of get, describe, delete and label.
import { RESOURCES, type ResourceInfo } from '../../api/resources';
import { UsageError } from './usage-error';

const KNOWN = RESOURCES.map((r) => r.resource).join(', ');

/** The resource for one name or alias; throws kubectl's message for an unknown one. */
export function resolveResource(word: string): ResourceInfo {
  const w = word.toLowerCase();
  const info = RESOURCES.find(
    (r) => r.resource === w || r.singular === w || r.kind.toLowerCase() === w || r.shortNames.includes(w),
  );
  if (!info) throw new UsageError(`the server doesn't have a resource type "${word}" (known: ${KNOWN}, all)`);
  return info;
}

/** `pods,svc` or `all` → the resources, in the order given. */
export function resolveResources(word: string): ResourceInfo[] {
  return word
    .split(',')
    .filter((w) => w)
    .flatMap((w) =>
      w.toLowerCase() === 'all'
        ? RESOURCES.filter((r) => r.categories.includes('all'))
        : [resolveResource(w)],
    );
}

export interface Target {
  info: ResourceInfo;
  /** Unset: every object of the resource. */
  name?: string;
}

/**
 * kubectl's argument forms: `pods`, `pods a b`, `pod/a svc/b`, `pods,svc`. Names given with several types
 * (`pods,svc a`) are an error, as in kubectl.
 */
export function parseTargets(args: string[]): Target[] {
  if (args.length === 0) throw new UsageError('you must specify the type of resource, e.g. `pods`');
  if (args.every((a) => a.includes('/'))) {
    return args.map((a) => {
      const [kind, ...rest] = a.split('/');
      const name = rest.join('/');
      if (!name) throw new UsageError(`arguments in resource/name form must have a name: "${a}"`);
      return { info: resolveResource(kind!), name };
    });
  }
  if (args.slice(1).some((a) => a.includes('/')))
    throw new UsageError(
      'there is no need to specify a resource type as a separate argument when passing arguments in resource/name form',
    );
  const infos = resolveResources(args[0]!);
  const names = args.slice(1);
  if (names.length === 0) return infos.map((info) => ({ info }));
  if (infos.length > 1)
    throw new UsageError(`names can only be given with one resource type, not "${args[0]}"`);
  return names.map((name) => ({ info: infos[0]!, name }));
}

/** `kind/name`-style reference kubectl prints: `pod/web-1`, `replicationcontroller/fe`. */
export function refOf(info: ResourceInfo, name: string): string {
  return `${info.singular}/${name}`;
}
