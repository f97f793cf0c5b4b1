// Services: a cluster IP is allocated on create (unless headless "None" or ExternalName), honoured when
// asked for if it is free and in range, kept on update (an update that omits it keeps the old one; src/api
// validation refuses one that changes it) and released when the service is removed.
import { errors, fieldErrors } from '../../api/errors';
import type { KubeObject, ServiceSpec } from '../../api/types';
import { AllocationError, type IpAllocator } from '../ip-allocator';
import { baseStrategy, type Strategy } from '../strategy';

const specOf = (obj: KubeObject) => (obj.spec ?? {}) as ServiceSpec;

/** The address a service asks for: spec.clusterIP, else spec.clusterIPs[0]; "" when none. */
const requestedIp = (spec: ServiceSpec) => spec.clusterIP || spec.clusterIPs?.[0] || '';

const needsIp = (spec: ServiceSpec) => spec.type !== 'ExternalName' && requestedIp(spec) !== 'None';

export function servicesStrategy(allocator: IpAllocator): Strategy {
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
        obj.spec = spec;
      }
    },
    async beforeCreate(obj, dryRun) {
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
        throw wanted
          ? errors.invalid('Service', obj.metadata?.name ?? '', [field])
          : errors.internal(e.message);
      }
      obj.spec = { ...spec, clusterIP: ip, clusterIPs: [ip] };
      return dryRun ? undefined : () => allocator.release(ip);
    },
    async afterDelete(obj) {
      const ip = specOf(obj).clusterIP;
      if (ip && ip !== 'None') await allocator.release(ip).catch(() => undefined);
    },
  };
}
