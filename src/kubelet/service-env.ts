// serviceEnv: the variables a container gets for each service that exists when its pod starts (the seed's
// REDIS_SERVICE_HOST / REDIS_SERVICE_PORT, and the Docker-links style REDIS_PORT=tcp://10.0.0.11:6379 family),
// exactly as Kubernetes' envvars.FromServices writes them. Services without a cluster IP (headless) give none.
import type { EnvVar, Service } from '../api/types';

/** `redis-master` → `REDIS_MASTER`. */
export function envName(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

function forService(service: Service): EnvVar[] {
  const ip = service.spec?.clusterIP;
  const ports = service.spec?.ports ?? [];
  if (!ip || ip === 'None' || ports.length === 0) return [];
  const name = envName(service.metadata?.name ?? '');
  const first = ports[0]!;
  const env: EnvVar[] = [
    { name: `${name}_SERVICE_HOST`, value: ip },
    { name: `${name}_SERVICE_PORT`, value: String(first.port) },
  ];
  for (const p of ports)
    if (p.name) env.push({ name: `${name}_SERVICE_PORT_${envName(p.name)}`, value: String(p.port) });
  const proto = (p: { protocol?: string }) => (p.protocol ?? 'TCP').toLowerCase();
  env.push({ name: `${name}_PORT`, value: `${proto(first)}://${ip}:${first.port}` });
  for (const p of ports) {
    const prefix = `${name}_PORT_${p.port}_${proto(p).toUpperCase()}`;
    env.push(
      { name: prefix, value: `${proto(p)}://${ip}:${p.port}` },
      { name: `${prefix}_PROTO`, value: proto(p) },
      { name: `${prefix}_PORT`, value: String(p.port) },
      { name: `${prefix}_ADDR`, value: ip },
    );
  }
  return env;
}

/** The variables for `services` (those of the pod's namespace), sorted by service name for a stable order. */
export function serviceEnv(services: readonly Service[]): EnvVar[] {
  return [...services]
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))
    .flatMap(forService);
}
