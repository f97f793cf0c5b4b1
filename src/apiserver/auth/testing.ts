// For tests: the users the policy tells apart, as authentication would hand them over.
import type { UserInfo } from './user';

/** An authenticated user with these groups besides system:authenticated. */
export const testUser = (name: string, ...groups: string[]): UserInfo => ({
  name,
  groups: [...groups, 'system:authenticated'],
});

export const TEST_USERS = {
  admin: testUser('admin', 'system:masters'),
  n1: testUser('system:node:n1', 'system:nodes'),
  scheduler: testUser('system:kube-scheduler'),
  controllerManager: testUser('system:kube-controller-manager'),
  proxy: testUser('system:kube-proxy'),
};
