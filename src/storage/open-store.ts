// openStore: one entry point that picks a backend from configuration (flags → config → Store).
import { openEtcdStore, type EtcdStoreOptions } from './etcd';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite';
import type { Store } from './store';

export type StoreConfig = ({ kind: 'sqlite' } & SqliteStoreOptions) | ({ kind: 'etcd' } & EtcdStoreOptions);

export function openStore(config: StoreConfig): Store {
  switch (config.kind) {
    case 'sqlite':
      return openSqliteStore(config);
    case 'etcd':
      return openEtcdStore(config);
  }
}
