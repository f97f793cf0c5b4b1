// The protobuf wire format, read by schema: a message's bytes become the JSON object Kubernetes would have
// sent, using only the field numbers the schema names (the rest are skipped, as any proto3 reader does).
// Bad bytes of any kind — truncated, overlong varints, wrong wire types, nesting too deep — are one 400.
import { errors } from '../api/errors';

/** Scalar kinds, plus the two Kubernetes shapes that are not plain messages in JSON. */
export type ScalarType = 'string' | 'int32' | 'int64' | 'bool' | 'map' | 'intOrString';
export type FieldType = ScalarType | Schema;

export interface FieldSpec {
  name: string;
  type: FieldType;
  repeated?: boolean;
  /**
   * Go writes every non-pointer scalar, so '', 0 and false on the wire usually mean "unset" and are dropped
   * (JSON's omitempty). Pointer fields (`*bool`, `*int32`) are written only when set: keep their zero.
   */
  keepZero?: boolean;
}

/** Field number → field. */
export type Schema = Readonly<Record<number, FieldSpec>>;

// The schemas are not recursive, so this only guards against a future one that is.
const MAX_DEPTH = 32;

export const malformed = (why: string) =>
  errors.badRequest(`error decoding the protobuf request body: ${why}`);

const MAP_ENTRY: Schema = {
  1: { name: 'key', type: 'string', keepZero: true },
  2: { name: 'value', type: 'string', keepZero: true },
};

// k8s.io/apimachinery/pkg/util/intstr: {type: 0 → intVal, 1 → strVal}.
const INT_OR_STRING: Schema = {
  1: { name: 'type', type: 'int64', keepZero: true },
  2: { name: 'intVal', type: 'int32', keepZero: true },
  3: { name: 'strVal', type: 'string', keepZero: true },
};

export class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** A varint of up to 10 bytes, as an unsigned 64-bit BigInt. */
  varint(): bigint {
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw malformed('truncated varint');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    throw malformed('varint longer than 10 bytes');
  }

  /** A varint that must fit a length or a tag. */
  small(): number {
    const v = this.varint();
    if (v > 0xffffffffn) throw malformed('length out of range');
    return Number(v);
  }

  bytes(): Buffer {
    const len = this.small();
    if (len > this.buf.length - this.pos) throw malformed('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.bytes();
    else if (wireType === 1 || wireType === 5) {
      const n = wireType === 1 ? 8 : 4;
      if (n > this.buf.length - this.pos) throw malformed('truncated field');
      this.pos += n;
    } else throw malformed(`unsupported wire type ${wireType}`);
  }
}

function scalar(r: Reader, wireType: number, type: ScalarType, depth: number): unknown {
  const want = type === 'int32' || type === 'int64' || type === 'bool' ? 0 : 2;
  if (wireType !== want) throw malformed(`wrong wire type ${wireType} for a ${type} field`);
  switch (type) {
    case 'int32':
      return Number(BigInt.asIntN(32, r.varint()));
    case 'int64':
      return Number(BigInt.asIntN(64, r.varint()));
    case 'bool':
      return r.varint() !== 0n;
    case 'string':
      return r.bytes().toString('utf8');
    case 'map':
      return decodeMessage(r.bytes(), MAP_ENTRY, depth + 1);
    case 'intOrString': {
      const v = decodeMessage(r.bytes(), INT_OR_STRING, depth + 1);
      return v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
    }
  }
}

const isZero = (v: unknown) => v === '' || v === 0 || v === false;

/** Decodes one message by schema into a plain object; repeated fields become arrays, maps objects. */
export function decodeMessage(buf: Buffer, schema: Schema, depth = 0): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw malformed('messages nested too deeply');
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (!r.done) {
    const tag = r.small();
    if (tag < 8) throw malformed('field number 0');
    const field = schema[Math.floor(tag / 8)];
    const wireType = tag % 8;
    if (!field) {
      r.skip(wireType);
      continue;
    }
    if (field.type === 'map') {
      const entry = scalar(r, wireType, 'map', depth) as { key?: string; value?: string };
      // Same rule as JSON bodies (./body): no key may later be mistaken for the prototype.
      if (entry.key === '__proto__') throw malformed('the map key "__proto__" is not allowed');
      const map = (out[field.name] ??= {}) as Record<string, string>;
      map[entry.key ?? ''] = entry.value ?? '';
      continue;
    }
    let value: unknown;
    if (typeof field.type === 'object') {
      if (wireType !== 2) throw malformed(`wrong wire type ${wireType} for a message field`);
      value = decodeMessage(r.bytes(), field.type, depth + 1);
    } else value = scalar(r, wireType, field.type, depth);
    if (field.repeated) ((out[field.name] ??= []) as unknown[]).push(value);
    else if (!isZero(value) || field.keepZero) out[field.name] = value;
  }
  return out;
}
