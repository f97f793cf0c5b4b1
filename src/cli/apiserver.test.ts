import { describe, expect, it } from 'vitest';
import { apiServerOptions } from './apiserver';

describe('k8ts apiserver flags', () => {
  it('turns flags into server options, splitting --etcd-servers', () => {
    expect(
      apiServerOptions({
        store: 'etcd',
        etcdServers: 'http://127.0.0.1:2379,http://127.0.0.1:22379',
        insecurePort: 8080,
        insecureBindAddress: '127.0.0.1',
        tlsPrivateKeyFile: 'k.pem',
      }),
    ).toMatchObject({
      store: 'etcd',
      etcdServers: ['http://127.0.0.1:2379', 'http://127.0.0.1:22379'],
      insecurePort: 8080,
      tlsKeyFile: 'k.pem',
    });
  });

  it('refuses an unknown store with a clear error', () => {
    expect(() => apiServerOptions({ store: 'mysql', insecureBindAddress: '127.0.0.1' })).toThrow(
      '--store must be sqlite or etcd, not "mysql"',
    );
  });
});
