// Bootstrap tokens (kubeadm's join tokens): `<id>.<secret>`, 6 and 16 characters of [a-z0-9]. The apiserver
// reads them from --bootstrap-token-file, one per line, and a request bearing one is user
// system:bootstrap:<id> in group system:bootstrappers — an identity that ./policy lets ask for a node's
// credentials (POST NODE_CREDENTIALS_PATH) and read the cluster info, and nothing else.
import type { UserInfo } from './user';

export const BOOTSTRAP_GROUP = 'system:bootstrappers';
export const BOOTSTRAP_USER_PREFIX = 'system:bootstrap:';
/** Unauthenticated: the cluster's CA and address, which a joiner checks against its --ca-cert-hash. */
export const CLUSTER_INFO_PATH = '/k8ts/v1/cluster-info';
/** Bootstrap token (or admin) only: a node name and CSRs in, the node's certificates out. */
export const NODE_CREDENTIALS_PATH = '/k8ts/v1/node-credentials';

const TOKEN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;

export interface BootstrapToken {
  id: string;
  secret: string;
}

/** The token's id and secret, or undefined when the text is not `<6 [a-z0-9]>.<16 [a-z0-9]>`. */
export function parseBootstrapToken(text: string): BootstrapToken | undefined {
  const m = TOKEN.exec(text);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

/** --bootstrap-token-file: one token per line (blank lines and `#` comments skipped) → its user. Throws,
 * naming the line, on anything else, so that a mangled file fails start-up instead of locking joiners out. */
export function parseBootstrapTokenFile(text: string, file = 'bootstrap-token'): Map<string, UserInfo> {
  const users = new Map<string, UserInfo>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const token = parseBootstrapToken(line);
    if (!token)
      throw new Error(
        `bootstrap token file '${file}' line ${i + 1}: want a token such as abcdef.0123456789abcdef ([a-z0-9], 6 then 16)`,
      );
    const name = `${BOOTSTRAP_USER_PREFIX}${token.id}`;
    users.set(line, { name, uid: name, groups: [BOOTSTRAP_GROUP] });
  });
  return users;
}

export const isBootstrapper = (user: UserInfo): boolean => user.groups.includes(BOOTSTRAP_GROUP);
