import { describe, expect, it } from 'vitest';
import { fromV1beta1 } from './legacy';

const manifest = {
  version: 'v1beta1',
  id: 'fe',
  containers: [
    { name: 'php', image: 'brendanburns/php-redis', ports: [{ containerPort: 80, hostPort: 8000 }] },
  ],
};

describe('fromV1beta1', () => {
  it('turns the seed’s replication controller into a v1 one', () => {
    const rc = fromV1beta1(
      {
        id: 'frontendController',
        kind: 'ReplicationController',
        apiVersion: 'v1beta1',
        desiredState: {
          replicas: 3,
          replicaSelector: { name: 'frontend' },
          podTemplate: { desiredState: { manifest }, labels: { name: 'frontend' } },
        },
        labels: { name: 'frontend' },
      },
      'ReplicationController',
    );
    expect(rc).toMatchObject({
      kind: 'ReplicationController',
      metadata: { name: 'frontendController', labels: { name: 'frontend' } },
      spec: {
        replicas: 3,
        selector: { name: 'frontend' },
        template: {
          metadata: { labels: { name: 'frontend' } },
          spec: { containers: [{ name: 'php', ports: [{ containerPort: 80, hostPort: 8000 }] }] },
        },
      },
    });
  });

  it('turns port/containerPort into a service port', () => {
    const svc = fromV1beta1(
      {
        id: 'redismaster',
        kind: 'Service',
        apiVersion: 'v1beta1',
        port: 10000,
        containerPort: 6379,
        selector: { name: 'redis-master' },
      },
      'Service',
    );
    expect(svc).toMatchObject({
      metadata: { name: 'redismaster' },
      spec: {
        selector: { name: 'redis-master' },
        ports: [{ port: 10000, targetPort: 6379, protocol: 'TCP' }],
      },
    });
  });

  it('passes v1 objects through and reports bad manifests with their field', () => {
    const v1 = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } };
    expect(fromV1beta1(v1, 'Pod')).toBe(v1);
    expect(() =>
      fromV1beta1({ id: 'p', desiredState: { manifest: { containers: [{ name: 'c' }] } } }, 'Pod'),
    ).toThrow(/image/);
  });
});
