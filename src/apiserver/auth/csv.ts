// The static credential files of kube-apiserver: --token-auth-file (`token,user,uid,"group1,group2"`) and the
// old --basic-auth-file (`password,user,uid[,"group1,group2"]`). Parsed as Go's encoding/csv does: quoted
// fields may hold commas, `""` is a quote, blank lines are skipped; records need at least three columns.
import type { UserInfo } from './user';

/** Splits CSV text into records. Throws on an unterminated quote or a quote inside an unquoted field. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let fieldStarted = false;
  const endField = () => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    // A line with nothing on it is no record at all (encoding/csv skips empty lines).
    if (record.length > 0 || fieldStarted || field !== '') {
      endField();
      records.push(record);
    }
    record = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
          throw new Error(`line ${line}: extraneous or missing " in quoted-field`);
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new Error(`line ${line}: bare " in non-quoted-field`);
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      endField();
      fieldStarted = true; // a trailing comma still opens an (empty) last field
    } else if (c === '\n') {
      endRecord();
      line++;
    } else if (c !== '\r') {
      field += c;
    }
  }
  if (quoted) throw new Error(`line ${line}: extraneous or missing " in quoted-field`);
  endRecord();
  return records;
}

function groupsOf(column: string | undefined): string[] {
  if (column === undefined || column === '') return [];
  return column.split(',');
}

function records(text: string, file: string, what: string): string[][] {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (e) {
    throw new Error(`${what} file '${file}': ${(e as Error).message}`);
  }
  rows.forEach((row, i) => {
    if (row.length < 3)
      throw new Error(
        `${what} file '${file}' must have at least 3 columns (${what}, user name, user uid), found ${row.length} in record ${i + 1}`,
      );
  });
  return rows;
}

/** --token-auth-file: token → user. Empty tokens are skipped; a repeated token keeps its last user. */
export function parseTokenFile(text: string, file = 'tokens.csv'): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  for (const [token, name, uid, groups] of records(text, file, 'token')) {
    if (!token) continue;
    tokens.set(token, { name: name!, uid: uid!, groups: groupsOf(groups) });
  }
  return tokens;
}

export interface BasicUser {
  password: string;
  user: UserInfo;
}

/** --basic-auth-file: user name → password and user. A repeated user name keeps its last entry. */
export function parseBasicAuthFile(text: string, file = 'basic_auth.csv'): Map<string, BasicUser> {
  const users = new Map<string, BasicUser>();
  for (const [password, name, uid, groups] of records(text, file, 'password')) {
    users.set(name!, { password: password!, user: { name: name!, uid: uid!, groups: groupsOf(groups) } });
  }
  return users;
}
