// The admin's password: kept in ~/.kubernetes_auth as the 2014 kubecfg did (`{"User":"admin","Password":...}`,
// mode 0600), made once at random and reused by every later `up`, and given to the apiserver as the one line
// of $K8TS_HOME/basic_auth.csv (--basic-auth-file). kubectl itself uses the admin token; the password is for
// a browser or curl. Other fields of an existing auth file (the old CAFile, CertFile, ...) are left alone.
import { existsSync, readFileSync } from 'node:fs';
import { GROUPS } from '../apiserver/auth';
import { ADMIN_USER, csvRecord, writeSecretFile } from './credentials-tokens';

export interface AdminPassword {
  user: string;
  password: string;
  /** True when this call wrote a new password to the auth file. */
  created: boolean;
}

/** The User and Password of a kubecfg auth file, or undefined when it is missing or not valid. */
export function readAuthFile(file: string): { user: string; password: string } | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { User?: unknown; Password?: unknown };
    if (typeof doc.User === 'string' && doc.User && typeof doc.Password === 'string' && doc.Password)
      return { user: doc.User, password: doc.Password };
  } catch {
    // Not JSON: treated as absent and replaced below.
  }
  return undefined;
}

/** Reuses the password in `authFile` when it is valid; otherwise writes a new one for the admin. */
export function ensureAdminPassword(authFile: string, newPassword: () => string): AdminPassword {
  const found = readAuthFile(authFile);
  if (found) {
    writeSecretFile(authFile, readFileSync(authFile, 'utf8')); // only tightens the mode
    return { ...found, created: false };
  }
  const password = newPassword();
  writeSecretFile(authFile, `${JSON.stringify({ User: ADMIN_USER, Password: password })}\n`);
  return { user: ADMIN_USER, password, created: true };
}

/** Writes the --basic-auth-file naming the admin (in system:masters); true when its text changed. */
export function writeBasicAuthFile(file: string, admin: { user: string; password: string }): boolean {
  const line = csvRecord(admin.password, { user: admin.user, uid: admin.user, groups: [GROUPS.masters] });
  return writeSecretFile(file, `${line}\n`);
}
