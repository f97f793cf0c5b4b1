// The authenticator the apiserver's flags describe: --token-auth-file and --basic-auth-file read once at
// start-up (as kube-apiserver does; a change needs a restart). Client certificates need no file here: the
// TLS listener verifies them against --client-ca-file and the authenticator reads the verified subject.
import { readFileSync } from 'node:fs';
import { createAuthenticator, type Authenticator } from './authenticator';
import { parseBootstrapTokenFile } from './bootstrap';
import { parseBasicAuthFile, parseTokenFile } from './csv';

export interface AuthFiles {
  tokenAuthFile?: string;
  basicAuthFile?: string;
  /** Join tokens, one per line (./bootstrap): each may only ask for node credentials. */
  bootstrapTokenFile?: string;
}

export function loadAuthenticator(files: AuthFiles): Authenticator {
  const read = (file: string) => readFileSync(file, 'utf8');
  const tokens = files.tokenAuthFile
    ? parseTokenFile(read(files.tokenAuthFile), files.tokenAuthFile)
    : undefined;
  const bootstrap = files.bootstrapTokenFile
    ? parseBootstrapTokenFile(read(files.bootstrapTokenFile), files.bootstrapTokenFile)
    : undefined;
  return createAuthenticator({
    tokens: bootstrap ? new Map([...(tokens ?? []), ...bootstrap]) : tokens,
    basic: files.basicAuthFile
      ? parseBasicAuthFile(read(files.basicAuthFile), files.basicAuthFile)
      : undefined,
  });
}
