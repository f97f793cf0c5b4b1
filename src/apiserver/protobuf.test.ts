import { describe, expect, it } from 'vitest';
import { StatusError } from '../api/errors';
import { decodeProtobuf } from './protobuf';

/** Protobuf encoding helpers: a length-delimited field, and a message from its fields. */
const field = (n: number, payload: Buffer | string) => {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([Buffer.from([(n << 3) | 2, bytes.length]), bytes]);
};
const msg = (...fields: Buffer[]) => Buffer.concat(fields);

function envelope(kind: string, raw: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    field(1, msg(field(1, 'v1'), field(2, kind))),
    field(2, raw),
  ]);
}

function code(buf: Buffer): number {
  try {
    decodeProtobuf(buf);
    return 0;
  } catch (e) {
    return (e as StatusError).code;
  }
}

describe('decodeProtobuf', () => {
  it('decodes the Namespace that `kubectl create namespace` sends', () => {
    const meta = msg(field(1, 'foo'), field(11, msg(field(1, 'team'), field(2, 'a'))));
    const ns = msg(field(1, meta), field(2, msg()), field(3, msg()));
    expect(decodeProtobuf(envelope('Namespace', ns))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'foo', labels: { team: 'a' } },
      spec: {},
      status: {},
    });
  });

  it('refuses kinds it cannot decode with 415, and garbage with 400', () => {
    expect(code(envelope('Pod', msg()))).toBe(415);
    expect(code(Buffer.from('{"kind":"Namespace"}'))).toBe(400);
    expect(code(Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from([0x0a, 0x7f, 0x01])]))).toBe(400);
    expect(
      code(
        envelope(
          'Namespace',
          Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        ),
      ),
    ).toBe(400);
  });
});
