import { describe, expect, it } from 'vitest';
import type { Service, ServicePort } from '../api/types';
import { serviceEnv } from './service-env';

const svc = (name: string, clusterIP: string, ports: ServicePort[]): Service => ({
  metadata: { name, namespace: 'default' },
  spec: { clusterIP, ports },
});

describe('serviceEnv', () => {
  it('writes the seed variables and the Docker-links family, as Kubernetes does', () => {
    const env = serviceEnv([
      svc('redis-master', '10.96.0.11', [{ port: 6379, protocol: 'TCP', name: 'redis' }]),
    ]);
    expect(Object.fromEntries(env.map((e) => [e.name, e.value]))).toEqual({
      REDIS_MASTER_SERVICE_HOST: '10.96.0.11',
      REDIS_MASTER_SERVICE_PORT: '6379',
      REDIS_MASTER_SERVICE_PORT_REDIS: '6379',
      REDIS_MASTER_PORT: 'tcp://10.96.0.11:6379',
      REDIS_MASTER_PORT_6379_TCP: 'tcp://10.96.0.11:6379',
      REDIS_MASTER_PORT_6379_TCP_PROTO: 'tcp',
      REDIS_MASTER_PORT_6379_TCP_PORT: '6379',
      REDIS_MASTER_PORT_6379_TCP_ADDR: '10.96.0.11',
    });
  });

  it('skips headless services and orders by name', () => {
    const env = serviceEnv([
      svc('zeta', '10.96.0.3', [{ port: 53, protocol: 'UDP' }]),
      svc('headless', 'None', [{ port: 80 }]),
      svc('alpha', '10.96.0.2', [{ port: 80 }]),
    ]);
    expect(env.filter((e) => e.name.endsWith('_SERVICE_HOST')).map((e) => e.name)).toEqual([
      'ALPHA_SERVICE_HOST',
      'ZETA_SERVICE_HOST',
    ]);
    expect(env.find((e) => e.name === 'ZETA_PORT')?.value).toBe('udp://10.96.0.3:53');
  });
});
