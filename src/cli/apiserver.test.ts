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

  it('passes the secure port its certificate and credential files', () => {
    expect(
      apiServerOptions({
        store: 'sqlite',
        insecureBindAddress: '127.0.0.1',
        securePort: 6443,
        bindAddress: '10.240.0.1',
        tlsCertFile: 'apiserver.crt',
        tlsPrivateKeyFile: 'apiserver.key',
        clientCaFile: 'ca.crt',
        tokenAuthFile: 'tokens.csv',
        basicAuthFile: 'basic_auth.csv',
      }),
    ).toMatchObject({
      securePort: 6443,
      bindAddress: '10.240.0.1',
      tlsCertFile: 'apiserver.crt',
      tlsKeyFile: 'apiserver.key',
      clientCaFile: 'ca.crt',
      tokenAuthFile: 'tokens.csv',
      basicAuthFile: 'basic_auth.csv',
    });
  });

  it('refuses an unknown store with a clear error', () => {
    expect(() => apiServerOptions({ store: 'mysql', insecureBindAddress: '127.0.0.1' })).toThrow(
      '--store must be sqlite or etcd, not "mysql"',
    );
  });
});
