// Campaign "authentication": against a secure apiserver process (secure-apiserver.ts), `cases` requests
// with credentials that must not get in — none, unknown tokens, wrong passwords, partial or colon-less
// base64, other schemes carrying a valid token, mangled valid tokens, random and impersonation headers, huge
// and binary headers, expired / not-yet-valid / foreign-CA client certificates — each must be answered 401
// (or 400/431 when Node's HTTP parser refuses the header itself), never a 5xx, never a hang, never a 2xx.
// Then a node's token tries writes only other principals may make: each must be 403. Last, the server's
// whole log (at trace level) must not contain any secret it was given or any wrong secret it was sent.
import fc from 'fast-check';
import { generateCa, generateClientCert, type CertKeyPair } from '../../src/cluster/pki';
import type { CampaignResult } from './campaign';
import { CodeCounts } from './http-timeout';
import {
  PASSWORD,
  TOKENS,
  startSecureApiServer,
  type RawRequest,
  type SecureApiServer,
} from './secure-apiserver';

export interface AuthOptions {
  cases: number;
  seed?: number;
  /** Requests in flight at once. */
  concurrency?: number;
}

const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const hex = fc.uint8Array({ minLength: 8, maxLength: 16 }).map((a) => Buffer.from(a).toString('hex'));
/** Printable header text without CR/LF (those would end the header: another case). */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

const PATHS = [
  ['GET', '/api/v1/nodes'],
  ['GET', '/api/v1/namespaces/default/pods'],
  ['GET', '/api/v1/namespaces/default/pods?watch=true'],
  ['POST', '/api/v1/namespaces/default/pods'],
  ['DELETE', '/api/v1/nodes/n2'],
  ['PUT', '/api/v1/nodes/n2'],
  ['GET', '/api/v1/namespaces/kube-system/secrets'],
  ['PATCH', '/api/v1/namespaces/default/pods/on-n2'],
] as const;

interface BadCase {
  kind: string;
  headers: string[];
  cert?: 'expired' | 'future' | 'foreign';
  /** Wrong secrets this case sent: none may be logged. */
  sent: string[];
  /** Node's parser may refuse these before authentication (400 / 431). */
  parserMayRefuse?: boolean;
}

const auth = (v: string) => [`Authorization: ${v}`];

function badCases(): fc.Arbitrary<BadCase> {
  const valid = b64(`admin:${PASSWORD}`);
  return fc.oneof(
    fc.constant<BadCase>({ kind: 'none', headers: [], sent: [] }),
    hex.map((h) => ({ kind: 'unknown token', headers: auth(`Bearer wrong-${h}`), sent: [`wrong-${h}`] })),
    hex.map((h) => ({
      kind: 'wrong password',
      headers: auth(`Basic ${b64(`admin:pw-${h}`)}`),
      sent: [`pw-${h}`],
    })),
    hex.map((h) => ({
      kind: 'unknown user',
      headers: auth(`Basic ${b64(`user-${h}:${PASSWORD}`)}`),
      sent: [],
    })),
    // Cut before the last data character: what decodes is a prefix of the password, never all of it.
    fc.integer({ min: 0, max: valid.replace(/=+$/, '').length - 1 }).map((n) => ({
      kind: 'partial base64',
      headers: auth(`Basic ${valid.slice(0, n)}`),
      sent: [],
    })),
    hex.map((h) => ({ kind: 'base64 without colon', headers: auth(`Basic ${b64(`admin${h}`)}`), sent: [] })),
    fc
      .constantFrom('Token', 'Digest', 'Negotiate', 'OAuth', 'Bearer:', 'Bear', 'Bearerx', 'Basic', 'bearer,')
      .map((scheme) => ({ kind: 'other scheme', headers: auth(`${scheme} ${TOKENS.admin}`), sent: [] })),
    fc
      .constantFrom(
        `${TOKENS.admin}x`,
        TOKENS.admin.slice(0, -1),
        TOKENS.admin.toUpperCase(),
        `${TOKENS.admin},${TOKENS.admin}`,
        `"${TOKENS.admin}"`,
      )
      .map((t) => ({ kind: 'mangled token', headers: auth(`Bearer ${t}`), sent: [] })),
    fc.constantFrom('Bearer', 'Bearer ', 'Basic', 'Basic Og==', 'Basic =', '', ' ').map((v) => ({
      kind: 'empty credentials',
      headers: auth(v),
      sent: [],
    })),
    fc
      .array(fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/), headerText), { maxLength: 8 })
      .chain((junk) =>
        fc
          .subarray([
            'Impersonate-User: admin',
            'Impersonate-Group: system:masters',
            'X-Remote-User: admin',
            'X-Remote-Group: system:masters',
            'X-Forwarded-User: admin',
            'Cookie: token=' + TOKENS.admin,
          ])
          .map((spoof) => ({
            kind: 'random and spoofing headers',
            headers: [
              ...junk
                .filter(([n]) => !/^(authorization|host|connection|content-|transfer-)/i.test(n))
                .map(([n, v]) => `${n}: ${v}`),
              ...spoof,
            ],
            sent: [],
          })),
      ),
    fc.integer({ min: 17_000, max: 120_000 }).map((n) => ({
      kind: 'huge header',
      headers: auth(`Bearer ${'A'.repeat(n)}`),
      sent: [],
      parserMayRefuse: true,
    })),
    fc.integer({ min: 100, max: 400 }).map((n) => ({
      kind: 'many headers',
      headers: Array.from({ length: n }, (_, i) => `X-Junk-${i}: ${'j'.repeat(100)}`),
      sent: [],
      parserMayRefuse: true,
    })),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({
      kind: 'binary header',
      // Any byte but CR and LF, written as is: obs-text, NUL, other control characters.
      headers: auth(
        `Basic ${Buffer.from(bytes.map((b) => (b === 10 || b === 13 ? 0x80 : b))).toString('latin1')}`,
      ),
      sent: [],
      parserMayRefuse: true,
    })),
    fc.constantFrom<BadCase['cert']>('expired', 'future', 'foreign').map((cert) => ({
      kind: `${cert} client certificate`,
      headers: [],
      cert,
      sent: [],
    })),
  );
}

const pod = (name: string, nodeName?: string, annotations?: Record<string, string>) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', annotations },
    spec: { containers: [{ name: 'c', image: 'busybox' }], nodeName },
  });
const node = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name } });

/** What a node's token must not do: [what, request] — each must get 403. */
function nodeOverreach(): [string, RawRequest][] {
  const n1 = auth(`Bearer ${TOKENS.n1}`);
  const merge = [...n1, 'Content-Type: application/merge-patch+json'];
  const r = (method: string, path: string, body?: string, headers = n1): RawRequest => ({
    method,
    path,
    headers,
    body,
  });
  return [
    ['create another node', r('POST', '/api/v1/nodes', node('n3'))],
    ['update another node', r('PUT', '/api/v1/nodes/n2', node('n2'))],
    ['update another node status', r('PUT', '/api/v1/nodes/n2/status', node('n2'))],
    ['patch another node', r('PATCH', '/api/v1/nodes/n2', '{"metadata":{"labels":{"x":"y"}}}', merge)],
    ['delete another node', r('DELETE', '/api/v1/nodes/n2')],
    ['create a pod (not a mirror)', r('POST', '/api/v1/namespaces/default/pods', pod('sneaky', 'n1'))],
    [
      'create a mirror pod of another node',
      r('POST', '/api/v1/namespaces/default/pods', pod('m2', 'n2', { 'kubernetes.io/config.mirror': 'x' })),
    ],
    [
      'write status of a pod on another node',
      r('PUT', '/api/v1/namespaces/default/pods/on-n2/status', pod('on-n2', 'n2')),
    ],
    ['update a pod', r('PUT', '/api/v1/namespaces/default/pods/on-n1', pod('on-n1', 'n1'))],
    [
      'patch a pod on another node',
      r('PATCH', '/api/v1/namespaces/default/pods/on-n2', '{"metadata":{"labels":{"x":"y"}}}', merge),
    ],
    ['delete a pod on another node', r('DELETE', '/api/v1/namespaces/default/pods/on-n2')],
    [
      'bind a pod',
      r(
        'POST',
        '/api/v1/namespaces/default/pods/unscheduled/binding',
        '{"apiVersion":"v1","kind":"Binding","metadata":{"name":"unscheduled"},"target":{"kind":"Node","name":"n1"}}',
      ),
    ],
    [
      'create a service',
      r(
        'POST',
        '/api/v1/namespaces/default/services',
        '{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":80}]}}',
      ),
    ],
    [
      'create a namespace',
      r('POST', '/api/v1/namespaces', '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"evil"}}'),
    ],
    ['delete a namespace', r('DELETE', '/api/v1/namespaces/default')],
    [
      'scale a replication controller',
      r(
        'POST',
        '/api/v1/namespaces/default/replicationcontrollers',
        '{"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"rc"},"spec":{"replicas":1,"selector":{"a":"b"},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}',
      ),
    ],
    [
      'impersonate the admin',
      r('POST', '/api/v1/nodes', node('n4'), [
        ...n1,
        'Impersonate-User: admin',
        'Impersonate-Group: system:masters',
      ]),
    ],
  ];
}

function certFor(kind: BadCase['cert'], ca: CertKeyPair): CertKeyPair | undefined {
  if (kind === 'expired')
    return generateClientCert(ca, 'admin', ['system:masters'], {
      now: new Date(Date.now() - 400 * 86_400_000),
      days: 30,
    });
  if (kind === 'future')
    return generateClientCert(ca, 'admin', ['system:masters'], {
      now: new Date(Date.now() + 30 * 86_400_000),
      days: 30,
    });
  if (kind === 'foreign') return generateClientCert(generateCa(), 'admin', ['system:masters']);
  return undefined;
}

async function seed(s: SecureApiServer): Promise<void> {
  const admin = auth(`Bearer ${TOKENS.admin}`);
  for (const [path, body] of [
    ['/api/v1/nodes', node('n2')],
    ['/api/v1/namespaces/default/pods', pod('on-n1', 'n1')],
    ['/api/v1/namespaces/default/pods', pod('on-n2', 'n2')],
    ['/api/v1/namespaces/default/pods', pod('unscheduled')],
  ] as const) {
    const r = await s.request({ method: 'POST', path, headers: admin, body });
    if (r.status !== 201) throw new Error(`seeding ${path}: ${r.code} ${r.body.slice(0, 300)}`);
  }
}

export async function runAuthCampaign(o: AuthOptions): Promise<CampaignResult> {
  const server = await startSecureApiServer();
  const notes: string[] = [];
  const codes = new CodeCounts();
  const sent: string[] = [];
  try {
    await seed(server);
    const certs = new Map<string, CertKeyPair | undefined>();
    const cases = fc.sample(fc.tuple(badCases(), fc.constantFrom(...PATHS)), {
      numRuns: o.cases,
      seed: o.seed ?? 10,
    });
    let next = 0;
    const byKind = new Map<string, number>();
    await Promise.all(
      Array.from({ length: o.concurrency ?? 8 }, async () => {
        while (next < cases.length) {
          const [c, [method, path]] = cases[next++]!;
          byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
          sent.push(...c.sent);
          if (c.cert && !certs.has(c.cert)) certs.set(c.cert, certFor(c.cert, server.ca));
          const body = method === 'GET' || method === 'DELETE' ? undefined : pod('intruder');
          const r = await server.request({
            method,
            path,
            headers: c.headers,
            body,
            cert: c.cert && certs.get(c.cert),
          });
          codes.add(r.code);
          const refused = r.status === 401 || (c.parserMayRefuse && (r.status === 400 || r.status === 431));
          if (!refused)
            notes.push(
              `BUG: ${c.kind} → ${method} ${path}: ${r.code} ${r.body.slice(0, 160)} (headers ${JSON.stringify(c.headers).slice(0, 160)})`,
            );
          else if (r.status === 401 && !r.head.toLowerCase().includes('www-authenticate: basic realm='))
            notes.push(`BUG: ${c.kind}: 401 without a WWW-Authenticate challenge`);
        }
      }),
    );
    const overreach = nodeOverreach();
    const nodeCodes = new CodeCounts();
    for (const [what, req] of overreach) {
      const r = await server.request(req);
      nodeCodes.add(r.code);
      if (r.status !== 403) notes.push(`BUG: node n1 could ${what}? ${r.code} ${r.body.slice(0, 200)}`);
    }
    // Control: the node's token is good — it may read, and write its own Node.
    const own = await server.request({
      method: 'POST',
      path: '/api/v1/nodes',
      headers: auth(`Bearer ${TOKENS.n1}`),
      body: node('n1'),
    });
    if (own.status !== 201)
      notes.push(`BUG: node n1 cannot register its own Node: ${own.code} ${own.body.slice(0, 200)}`);

    const log = server.process.output();
    for (const secret of [...server.secrets, ...sent])
      if (log.includes(secret)) notes.push(`BUG: the server log contains a secret (${secret.slice(0, 6)}…)`);
    if (!server.process.alive()) notes.push(`BUG: apiserver died (${server.process.exit()})`);
    const fiveHundreds = codes.total((c) => c.startsWith('5')) + nodeCodes.total((c) => c.startsWith('5'));
    notes.push(`bad credentials (${o.cases}): ${codes.toString()}`);
    notes.push(`kinds: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    notes.push(`node overreach (${overreach.length}): ${nodeCodes.toString()}`);
    notes.push(
      `${server.secrets.length + sent.length} secrets looked for in ${log.split('\n').length} log lines`,
    );
    return {
      campaign: 'auth',
      cases: o.cases + overreach.length,
      faultsInjected: 0,
      acknowledgedWrites: 0,
      writesLost: 0,
      duplicates: 0,
      crashes: fiveHundreds + (server.process.alive() ? 0 : 1),
      convergeMs: [],
      notes,
    };
  } finally {
    await server.stop();
  }
}
