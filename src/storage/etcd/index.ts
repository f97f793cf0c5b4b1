// storage/etcd: the Store on etcd v3 (the etcd3 client), for clusters that outgrow one machine.
export { EtcdStore, openEtcdStore, type EtcdStoreOptions } from './etcd-store';
