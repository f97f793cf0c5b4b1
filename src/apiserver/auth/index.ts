// auth: who a request on the secure port is and what it may do. Authentication (./authenticator) by x509
// client certificate, bearer token (--token-auth-file) or basic auth (--basic-auth-file), with 401 for bad
// or missing credentials; authorization by a small fixed policy (./policy, not RBAC) with 403s worded like
// Kubernetes'; and NodeRestriction (./node-restriction) for a kubelet's writes. ./gate puts them in front of
// the handler. The insecure port (loopback, local tools) bypasses all of it, as in Kubernetes of 2014-2019.
export {
  requestAttributes,
  type Attributes,
  type ResourceAttributes,
  type NonResourceAttributes,
} from './attributes';
export {
  createAuthenticator,
  BASIC_REALM,
  type Authenticator,
  type AuthenticatorOptions,
} from './authenticator';
export {
  BOOTSTRAP_GROUP,
  CLUSTER_INFO_PATH,
  NODE_CREDENTIALS_PATH,
  parseBootstrapToken,
  type BootstrapToken,
} from './bootstrap';
export { parseCsv, parseTokenFile, parseBasicAuthFile, type BasicUser } from './csv';
export { forbidden } from './forbidden';
export { createAuthGate, type AuthGate } from './gate';
export { loadAuthenticator, type AuthFiles } from './load';
export { authorize, type Decision, type NodeCheck } from './policy';
export { reviewKindAt } from './review-kinds';
export { ANONYMOUS, GROUPS, USERS, UNSECURED, NODE_USER_PREFIX, nodeNameOf, type UserInfo } from './user';
