// The cluster's bearer tokens: $K8TS_HOME/tokens.csv, the apiserver's --token-auth-file, with one random token
// for the admin, each control-plane component and each node. A user already in the file keeps its token (so
// kubeconfigs written earlier stay valid); a missing one gets a new token; a node no longer in the cluster
// loses its line, so its token stops working at the apiserver's next start. Lines for users we do not make
// (added by hand) are kept as they are.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { GROUPS, NODE_USER_PREFIX, parseTokenFile, USERS } from '../apiserver/auth';

/** The control-plane components that get a token and a kubeconfig, by the name their kubeconfig file has. */
export const COMPONENT_USERS = {
  'controller-manager': USERS.controllerManager,
  scheduler: USERS.scheduler,
  proxy: USERS.proxy,
  dns: USERS.dns,
} as const;

export type ComponentName = keyof typeof COMPONENT_USERS;

export const ADMIN_USER = 'admin';

/** One line of a --token-auth-file (or --basic-auth-file, whose first column is the password). */
export interface Identity {
  user: string;
  uid: string;
  groups: string[];
}

export const nodeUser = (node: string) => `${NODE_USER_PREFIX}${node}`;

/** Who the cluster's token file must name: admin, the components, then each node in order. */
export function wantedIdentities(nodeNames: string[], admin = ADMIN_USER): Identity[] {
  return [
    { user: admin, uid: admin, groups: [GROUPS.masters] },
    ...Object.values(COMPONENT_USERS).map((user) => ({ user, uid: user, groups: [] })),
    ...nodeNames.map((n) => ({ user: nodeUser(n), uid: nodeUser(n), groups: [GROUPS.nodes] })),
  ];
}

/** A CSV field as Go's encoding/csv reads it back: quoted when it holds a comma, quote or line break. */
export function csvField(value: string, alwaysQuote = false): string {
  return alwaysQuote || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record: secret, user, uid and (when there are any) the groups as one quoted column. */
export function csvRecord(secret: string, id: Identity): string {
  const fields = [csvField(secret), csvField(id.user), csvField(id.uid)];
  if (id.groups.length) fields.push(csvField(id.groups.join(','), true));
  return fields.join(',');
}

/** Writes a secret file 0600 (also when it existed with looser bits); false when its text was already so. */
export function writeSecretFile(file: string, text: string): boolean {
  const same = existsSync(file) && readFileSync(file, 'utf8') === text;
  if (!same) writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
  return !same;
}

export interface TokenFileResult {
  /** User name → token, for every wanted identity. */
  tokens: Map<string, string>;
  /** The users that got a new token in this call. */
  added: string[];
  /** Node users whose lines were dropped. */
  removed: string[];
}

/**
 * Brings `file` to name every `wanted` identity, reusing tokens found there. Throws when the file exists but
 * is not a valid token file (it is never overwritten blindly: it may hold tokens someone relies on).
 */
export function ensureTokenFile(file: string, wanted: Identity[], newToken: () => string): TokenFileResult {
  let existing = new Map<string, string>();
  const extra: string[] = [];
  const removed: string[] = [];
  const wantedUsers = new Set(wanted.map((w) => w.user));
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    let parsed;
    try {
      parsed = parseTokenFile(text, file);
    } catch (e) {
      throw new Error(`${(e as Error).message}; fix or remove it to make new tokens`);
    }
    existing = new Map([...parsed].map(([token, info]) => [info.name, token]));
    for (const [token, info] of parsed) {
      if (wantedUsers.has(info.name)) continue;
      if (info.name.startsWith(NODE_USER_PREFIX)) removed.push(info.name);
      else extra.push(csvRecord(token, { user: info.name, uid: info.uid ?? '', groups: info.groups }));
    }
  }
  const tokens = new Map<string, string>();
  const added: string[] = [];
  for (const w of wanted) {
    let token = existing.get(w.user);
    if (!token) {
      token = newToken();
      added.push(w.user);
    }
    tokens.set(w.user, token);
  }
  const lines = [...wanted.map((w) => csvRecord(tokens.get(w.user)!, w)), ...extra];
  writeSecretFile(file, `${lines.join('\n')}\n`);
  return { tokens, added, removed };
}
