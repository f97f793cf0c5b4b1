// UserInfo: who a request is, as authentication found it, with the well-known names the policy knows.
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
}

export const GROUPS = {
  masters: 'system:masters',
  nodes: 'system:nodes',
  authenticated: 'system:authenticated',
  unauthenticated: 'system:unauthenticated',
} as const;

export const USERS = {
  anonymous: 'system:anonymous',
  scheduler: 'system:kube-scheduler',
  controllerManager: 'system:kube-controller-manager',
  proxy: 'system:kube-proxy',
  dns: 'system:kube-dns',
} as const;

export const NODE_USER_PREFIX = 'system:node:';

/** The user of a request that carried no credentials at all. */
export const ANONYMOUS: UserInfo = { name: USERS.anonymous, groups: [GROUPS.unauthenticated] };

/**
 * Who a request on the insecure port is (Kubernetes' system:unsecured): it is never authenticated, and may
 * do everything, so reviews asked there answer for this user.
 */
export const UNSECURED: UserInfo = {
  name: 'system:unsecured',
  groups: [GROUPS.masters, GROUPS.authenticated],
};

/** Every authenticated user is also in system:authenticated (as in Kubernetes). */
export function authenticated(user: UserInfo): UserInfo {
  return user.groups.includes(GROUPS.authenticated)
    ? user
    : { ...user, groups: [...user.groups, GROUPS.authenticated] };
}

/** The node a user is ("n1" for system:node:n1 in group system:nodes), or undefined. */
export function nodeNameOf(user: UserInfo): string | undefined {
  if (!user.groups.includes(GROUPS.nodes) || !user.name.startsWith(NODE_USER_PREFIX)) return undefined;
  return user.name.slice(NODE_USER_PREFIX.length) || undefined;
}
