// Node ports of a service, as Kubernetes' service REST does them: type NodePort and LoadBalancer get one per
// port from the PortAllocator; an explicit one is honoured or refused (422 on spec.ports[i].nodePort); two
// entries for one port number (TCP and UDP) share a node port; an update keeps the ports it already holds,
// fills a port it leaves empty from the old port of the same name, and frees what it no longer uses.
import { errors, fieldErrors } from '../../api/errors';
import type { KubeObject, ServicePort, ServiceSpec } from '../../api/types';
import { AllocationError } from '../range-bitmap';
import { PortAllocationError, type PortAllocator } from '../port-allocator';

const specOf = (obj: KubeObject) => (obj.spec ?? {}) as ServiceSpec;
const portsOf = (spec: ServiceSpec): ServicePort[] =>
  Array.isArray(spec.ports) ? spec.ports.filter((p) => p && typeof p === 'object') : [];

export const needsNodePorts = (spec: ServiceSpec) => spec.type === 'NodePort' || spec.type === 'LoadBalancer';

/** The distinct node ports a service holds. */
export const nodePortsOf = (spec: ServiceSpec): number[] => [
  ...new Set(
    portsOf(spec).flatMap((p) => (typeof p.nodePort === 'number' && p.nodePort ? [p.nodePort] : [])),
  ),
];

/**
 * prepareForUpdate's part (Kubernetes' patchAllocatedValues and dropTypeDependentFields): an update that
 * omits a node port keeps the old one of the same port name; one that turns the service into ClusterIP
 * without touching the node ports drops them, so `kubectl patch -p '{"spec":{"type":"ClusterIP"}}'` works.
 */
export function carryOverNodePorts(spec: ServiceSpec, old: ServiceSpec): void {
  if (!needsNodePorts(old)) return;
  const ports = portsOf(spec);
  if (!needsNodePorts(spec)) {
    const oldPorts = portsOf(old);
    const same =
      ports.length === oldPorts.length &&
      ports.every((p, i) => (p.nodePort ?? 0) === (oldPorts[i]!.nodePort ?? 0));
    if (same) for (const p of ports) delete p.nodePort;
    return;
  }
  const used = new Set(nodePortsOf(spec));
  const byName = new Map(portsOf(old).map((p) => [p.name ?? '', p.nodePort]));
  for (const p of ports) {
    const was = byName.get(p.name ?? '');
    if (!p.nodePort && was && !used.has(was)) {
      p.nodePort = was;
      used.add(was);
    }
  }
}

/**
 * Gives every port of a NodePort/LoadBalancer service a node port, allocating what `held` (ports the stored
 * service already has) does not cover. Mutates obj's ports. Returns the ports newly allocated (none on
 * dryRun, which only checks). Throws 422 for a refused explicit port, 500 when the range is full.
 */
export async function assignNodePorts(
  allocator: PortAllocator,
  obj: KubeObject,
  held: ReadonlySet<number>,
  dryRun: boolean,
): Promise<number[]> {
  const spec = specOf(obj);
  if (!needsNodePorts(spec)) return [];
  const ports = portsOf(spec);
  // One request per distinct node port; entries for the same port number share one (TCP and UDP).
  const requests: (number | undefined)[] = [];
  const entryOf: number[] = []; // request index → the port entry that asked for it, for the error's path
  const request = (nodePort: number | undefined, entry: number) => {
    entryOf.push(entry);
    return requests.push(nodePort) - 1;
  };
  const explicit = new Set<number>();
  const byPortNumber = new Map<number, number>(); // port number → its request for a free node port
  const fill: ((got: number[]) => void)[] = [];
  ports.forEach((p, i) => {
    const np = p.nodePort;
    if (np) {
      if (!held.has(np) && !explicit.has(np)) request(np, i);
      explicit.add(np);
      return;
    }
    const sibling = ports.find((q) => q.port === p.port && q.nodePort)?.nodePort;
    if (sibling) return void (p.nodePort = sibling);
    const r = byPortNumber.get(p.port) ?? request(undefined, i);
    byPortNumber.set(p.port, r);
    fill.push((got) => (p.nodePort = got[r]));
  });
  let got: number[];
  try {
    got = await allocator.allocate(requests, dryRun);
  } catch (e) {
    if (e instanceof PortAllocationError) {
      const field = fieldErrors.invalid(`spec.ports[${entryOf[e.index]}].nodePort`, e.port, e.message);
      throw errors.invalid('Service', obj.metadata?.name ?? '', [field]);
    }
    if (e instanceof AllocationError) throw errors.internal(`failed to allocate a nodePort: ${e.message}`);
    throw e;
  }
  for (const f of fill) f(got);
  return dryRun ? [] : got;
}
