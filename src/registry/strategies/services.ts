// Services: a cluster IP is allocated on create (unless headless "None" or ExternalName), honoured when
// asked for if it is free and in range, kept on update (an update that omits it keeps the old one; src/api
// validation refuses one that changes it) and released when the service is removed. NodePort and
// LoadBalancer services get node ports the same way (node-ports.ts), also allocated and freed by updates
// that change the type or the ports.
import { errors, fieldErrors } from '../../api/errors';
import type { KubeObject, ServiceSpec } from '../../api/types';
import { AllocationError, type IpAllocator } from '../ip-allocator';
import type { PortAllocator } from '../port-allocator';
import { baseStrategy, type Strategy } from '../strategy';
import { assignNodePorts, carryOverNodePorts, nodePortsOf } from './node-ports';

const specOf = (obj: KubeObject) => (obj.spec ?? {}) as ServiceSpec;

/** The address a service asks for: spec.clusterIP, else spec.clusterIPs[0]; "" when none. */
const requestedIp = (spec: ServiceSpec) => spec.clusterIP || spec.clusterIPs?.[0] || '';

const needsIp = (spec: ServiceSpec) => spec.type !== 'ExternalName' && requestedIp(spec) !== 'None';

/** Allocates the cluster IP of a new service (or checks it, with dryRun); returns its release. */
async function assignClusterIp(
  allocator: IpAllocator,
  obj: KubeObject,
  dryRun: boolean,
): Promise<(() => Promise<void>) | undefined> {
  const spec = specOf(obj);
  if (!needsIp(spec)) {
    if (requestedIp(spec) === 'None') Object.assign(spec, { clusterIP: 'None', clusterIPs: ['None'] });
    return undefined;
  }
  const wanted = requestedIp(spec) || undefined;
  let ip: string;
  try {
    ip = await allocator.allocate(wanted, dryRun);
  } catch (e) {
    if (!(e instanceof AllocationError)) throw e;
    const field = fieldErrors.invalid('spec.clusterIP', wanted ?? '', e.message);
    throw wanted ? errors.invalid('Service', obj.metadata?.name ?? '', [field]) : errors.internal(e.message);
  }
  obj.spec = { ...spec, clusterIP: ip, clusterIPs: [ip] };
  return dryRun ? undefined : () => allocator.release(ip);
}

export function servicesStrategy(allocator: IpAllocator, nodePorts: PortAllocator): Strategy {
  /** Frees the node ports `old` held that `next` no longer uses (all of them when next is undefined). */
  const releasePorts = async (old: KubeObject, next?: KubeObject) => {
    const keep = new Set(next ? nodePortsOf(specOf(next)) : []);
    await nodePorts.release(nodePortsOf(specOf(old)).filter((p) => !keep.has(p))).catch(() => undefined);
  };
  return {
    ...baseStrategy('services'),
    hasStatus: true,
    prepareForCreate(obj) {
      obj.status = { loadBalancer: {} };
    },
    prepareForUpdate(obj, old) {
      const spec = specOf(obj);
      const oldSpec = specOf(old);
      if (!requestedIp(spec) && oldSpec.clusterIP) {
        spec.clusterIP = oldSpec.clusterIP;
        if (oldSpec.clusterIPs) spec.clusterIPs = [...oldSpec.clusterIPs];
      }
      carryOverNodePorts(spec, oldSpec);
      if (obj.spec !== undefined || Object.keys(spec).length > 0) obj.spec = spec;
    },
    async beforeCreate(obj, dryRun) {
      const releaseIp = await assignClusterIp(allocator, obj, dryRun);
      let ports: number[];
      try {
        ports = await assignNodePorts(nodePorts, obj, new Set(), dryRun);
      } catch (e) {
        await releaseIp?.().catch(() => undefined);
        throw e;
      }
      if (dryRun) return undefined;
      return async () => {
        await releaseIp?.();
        await nodePorts.release(ports);
      };
    },
    async beforeUpdate(obj, old, dryRun) {
      const got = await assignNodePorts(nodePorts, obj, new Set(nodePortsOf(specOf(old))), dryRun);
      return got.length ? () => nodePorts.release(got) : undefined;
    },
    async afterUpdate(obj, old) {
      await releasePorts(old, obj);
    },
    async afterDelete(obj) {
      const ip = specOf(obj).clusterIP;
      if (ip && ip !== 'None') await allocator.release(ip).catch(() => undefined);
      await releasePorts(obj);
    },
  };
}
