// Vitest global setup: one real etcd on loopback for the whole run (unless K8TS_TEST_ETCD names one),
// handed to tests through inject('etcdEndpoints'). Stopped, by PID, when the run ends.
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startEtcd, type EtcdProcess } from './etcd';

declare module 'vitest' {
  export interface ProvidedContext {
    etcdEndpoints: string[];
  }
}

let etcd: EtcdProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.K8TS_TEST_ETCD) {
    project.provide('etcdEndpoints', process.env.K8TS_TEST_ETCD.split(','));
    return;
  }
  etcd = await startEtcd();
  project.provide('etcdEndpoints', etcd.endpoints);
}

export async function teardown(): Promise<void> {
  await etcd?.stop();
}
