import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatusError } from '../api/errors';
import { decodeProtobuf } from './protobuf';

// Bodies captured from the real kubectl 1.32.4 on loopback (hex of the whole request body).
const CAPTURED = {
  // kubectl create service clusterip web --tcp=80:8080 --tcp=443:https
  clusterIP:
    '6b3873000a0d0a027631120753657276696365128d010a1f0a0377656212001a0022002a003200380042005a0a0a03617070120377656212660a1b0a0738302d38303830120354435018502207080010903f1a0028000a220a093434332d6874747073120354435018bb03220b080110001a0568747470732800120a0a0361707012037765621a002209436c757374657249503a00420052005a00600068001a020a001a002200',
  // kubectl create service nodeport np --tcp=5678:8080 --node-port=30080
  nodePort:
    '6b3873000a0d0a027631120753657276696365126a0a1d0a026e7012001a0022002a003200380042005a090a0361707012026e7012450a200a09353637382d38303830120354435018ae2c2207080010903f1a002880eb0112090a0361707012026e701a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200',
  // kubectl create service externalname ex --external-name=example.com
  externalName:
    '6b3873000a0d0a02763112075365727669636512570a1d0a02657812001a0022002a003200380042005a090a0361707012026578123212090a03617070120265781a00220c45787465726e616c4e616d653a004200520b6578616d706c652e636f6d5a00600068001a020a001a002200',
  // kubectl create service clusterip headless --clusterip=None
  headless:
    '6b3873000a0d0a027631120753657276696365125f0a290a08686561646c65737312001a0022002a003200380042005a0f0a036170701208686561646c657373122e120f0a036170701208686561646c6573731a044e6f6e652209436c757374657249503a00420052005a00600068001a020a001a002200',
  // kubectl create namespace foo
  namespace:
    '6b3873000a0f0a02763112094e616d657370616365121b0a130a03666f6f12001a0022002a0032003800420012001a020a001a002200',
  // kubectl auth can-i update pods/p -n ns --subresource=status
  canIUpdate:
    '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a65637441636365737352657669657712410a100a0012001a0022002a0032003800420012230a210a026e7312067570646174651a0022002a04706f647332067374617475733a01701a08080012001a0020001a002200',
  // kubectl auth can-i get /healthz
  canIPath:
    '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577122f0a100a0012001a0022002a003200380042001211120f0a082f6865616c74687a12036765741a08080012001a0020001a002200',
  // kubectl auth whoami
  whoami:
    '6b3873000a2d0a1861757468656e7469636174696f6e2e6b38732e696f2f7631121153656c665375626a656374526576696577121a0a100a0012001a0022002a0032003800420012060a040a0012001a002200',
  // kubectl create configmap cm --from-literal=a=b (a kind k8ts does not serve)
  configMap:
    '6b3873000a0f0a0276311209436f6e6669674d6170121c0a120a02636d12001a0022002a0032003800420012060a01611201621a002200',
};
const captured = (name: keyof typeof CAPTURED) => Buffer.from(CAPTURED[name], 'hex');

/** Protobuf encoding helpers for hand-made bodies. */
function varint(n: bigint): Buffer {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return Buffer.from(out);
}
const len = (n: number, payload: Buffer | string) => {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([varint(BigInt((n << 3) | 2)), varint(BigInt(bytes.length)), bytes]);
};
const int = (n: number, v: bigint) => Buffer.concat([varint(BigInt(n << 3)), varint(v)]);
const msg = (...fields: Buffer[]) => Buffer.concat(fields);
const entry = (k: string, v: string) => msg(len(1, k), len(2, v));

function envelope(kind: string, raw: Buffer, apiVersion = 'v1'): Buffer {
  return Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    len(1, msg(len(1, apiVersion), len(2, kind))),
    len(2, raw),
  ]);
}

function code(buf: Buffer): number {
  try {
    decodeProtobuf(buf);
    return 0;
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    return e.code;
  }
}

describe('decodeProtobuf on the bodies kubectl sends', () => {
  it('decodes `create service clusterip` with a numeric and a named target port', () => {
    expect(decodeProtobuf(captured('clusterIP'))).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        ports: [
          { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 },
          { name: '443-https', protocol: 'TCP', port: 443, targetPort: 'https' },
        ],
        selector: { app: 'web' },
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    });
  });

  it('decodes `create service nodeport` with its nodePort', () => {
    const svc = decodeProtobuf(captured('nodePort')) as { spec: unknown };
    expect(svc.spec).toEqual({
      ports: [{ name: '5678-8080', protocol: 'TCP', port: 5678, targetPort: 8080, nodePort: 30080 }],
      selector: { app: 'np' },
      type: 'NodePort',
    });
  });

  it('decodes externalname (no ports) and headless (clusterIP None) services', () => {
    expect((decodeProtobuf(captured('externalName')) as { spec: unknown }).spec).toEqual({
      selector: { app: 'ex' },
      type: 'ExternalName',
      externalName: 'example.com',
    });
    expect((decodeProtobuf(captured('headless')) as { spec: unknown }).spec).toEqual({
      selector: { app: 'headless' },
      clusterIP: 'None',
      type: 'ClusterIP',
    });
  });

  it('decodes `create namespace`', () => {
    expect(decodeProtobuf(captured('namespace'))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'foo' },
      spec: {},
      status: {},
    });
  });

  it('decodes the reviews of `auth can-i` (resource and path) and `auth whoami`', () => {
    expect(decodeProtobuf(captured('canIUpdate'))).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: {
        resourceAttributes: {
          namespace: 'ns',
          verb: 'update',
          resource: 'pods',
          subresource: 'status',
          name: 'p',
        },
      },
    });
    expect(decodeProtobuf(captured('canIPath'))).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { nonResourceAttributes: { path: '/healthz', verb: 'get' } },
    });
    expect(decodeProtobuf(captured('whoami'))).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: {},
    });
  });

  it('answers 415 for kinds and groups it does not decode, so kubectl reports the server cannot take them', () => {
    expect(code(captured('configMap'))).toBe(415);
    expect(code(envelope('Pod', msg()))).toBe(415);
    expect(code(envelope('Service', msg(), 'apps/v1'))).toBe(415);
    expect(code(envelope('constructor', msg()))).toBe(415);
    expect(code(envelope('SelfSubjectReview', msg(), 'authorization.k8s.io/v1'))).toBe(415);
    expect(code(envelope('toString', msg(), 'authorization.k8s.io/v1'))).toBe(415);
    expect(code(envelope('Namespace', msg(), 'constructor'))).toBe(415);
  });
});

describe('decodeProtobuf on hand-made bodies', () => {
  it('reads metadata, keeps pointer zeros, and skips fields of every wire type it does not know', () => {
    const meta = msg(
      len(1, 'x'),
      len(2, 'x-'),
      len(3, 'ns'),
      len(11, entry('a', '')),
      len(12, entry('note', 'hi')),
      len(8, msg(int(1, 5n))), // creationTimestamp: skipped
      int(99, 7n),
      varint(BigInt((98 << 3) | 1)),
      Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]),
      varint(BigInt((97 << 3) | 5)),
      Buffer.from([1, 2, 3, 4]),
    );
    const port = msg(int(3, 53n), len(4, msg(int(1, 0n), int(2, 53n))), len(6, ''));
    const spec = msg(len(1, port), int(13, 1n), int(12, -1n));
    expect(decodeProtobuf(envelope('Service', msg(len(1, meta), len(2, spec))))).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'x',
        generateName: 'x-',
        namespace: 'ns',
        labels: { a: '' },
        annotations: { note: 'hi' },
      },
      spec: {
        ports: [{ port: 53, targetPort: 53, appProtocol: '' }],
        publishNotReadyAddresses: true,
        healthCheckNodePort: -1,
      },
    });
  });

  it('answers 400 for bytes that are not a protobuf object', () => {
    const bad = [
      Buffer.from('{"kind":"Namespace"}'),
      Buffer.from('k8s'),
      Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from([0x0a, 0x7f, 0x01])]),
      envelope('Namespace', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])),
      envelope('Namespace', msg(len(1, msg(int(1, 3n))))), // a string field sent as a varint
      envelope('Namespace', Buffer.from([0x0b])), // wire type 3 (groups)
      envelope('Namespace', Buffer.from([0x00, 0x00])), // field number 0
      envelope('Service', msg(len(1, msg(len(11, entry('__proto__', 'x')))))),
    ];
    expect(bad.map(code)).toEqual(bad.map(() => 400));
  });
});

describe('decodeProtobuf fuzzed', () => {
  const answers = (buf: Buffer) => {
    const c = code(buf);
    return c === 0 || c === 400 || c === 415;
  };

  it('never throws anything but a 400 or 415 Status for random bytes after the prefix', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) =>
        answers(Buffer.concat([Buffer.from('k8s\0', 'latin1'), bytes])),
      ),
      { numRuns: 1000 },
    );
  });

  it('decodes or refuses random bytes as a Service object, never crashing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) =>
        answers(envelope('Service', Buffer.from(bytes))),
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws anything but a Status for mutated and truncated kubectl bodies', () => {
    const bodies = Object.keys(CAPTURED).map((k) => captured(k as keyof typeof CAPTURED));
    fc.assert(
      fc.property(
        fc.nat(bodies.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(),
        (which, flips, cut) => {
          const body = Buffer.from(bodies[which]!);
          for (const [at, byte] of flips) body[4 + (at % (body.length - 4))] = byte;
          return answers(body.subarray(0, 4 + (cut % (body.length - 3))));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
