// ReplicationControllers: status belongs to the replication manager (replicationcontrollers/status);
// a new RC starts with replicas 0 observed.
import type { KubeObject } from '../../api/types';
import { baseStrategy, type Strategy } from '../strategy';

export const replicationControllersStrategy = (): Strategy => ({
  ...baseStrategy('replicationcontrollers'),
  hasStatus: true,
  prepareForCreate(obj: KubeObject) {
    obj.status = { replicas: 0 };
  },
});
