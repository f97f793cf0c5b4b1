// The cluster's join token (kubeadm's bootstrap token, `<6 chars>.<16 chars>` of [a-z0-9]): made once by `up`,
// kept in $K8TS_HOME/bootstrap-token (0600) and handed to the apiserver as --bootstrap-token-file, where it
// may only ask for node credentials (src/apiserver/auth/bootstrap). The join command `up` prints carries it.
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseBootstrapToken } from '../apiserver/auth';
import { writeSecretFile } from './credentials-tokens';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The token file under a cluster's home. */
export const bootstrapTokenFile = (home: string): string => path.join(home, 'bootstrap-token');

/** A new token; `pick(n)` draws an integer below n (crypto-random by default). */
export function newBootstrapToken(pick: (n: number) => number = randomInt): string {
  const chars = (k: number) => Array.from({ length: k }, () => ALPHABET[pick(ALPHABET.length)]).join('');
  return `${chars(6)}.${chars(16)}`;
}

/** The cluster's token: the one in the file when it is well-formed, else a new one written there. */
export function ensureBootstrapToken(
  home: string,
  make: () => string = newBootstrapToken,
): { token: string; file: string; created: boolean } {
  const file = bootstrapTokenFile(home);
  const existing = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (parseBootstrapToken(existing)) return { token: existing, file, created: false };
  const token = make();
  mkdirSync(home, { recursive: true });
  writeSecretFile(file, `${token}\n`);
  return { token, file, created: true };
}
