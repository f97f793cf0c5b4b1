// Protobuf request bodies. kubectl's typed generators (`kubectl create namespace`) POST
// `application/vnd.kubernetes.protobuf`: the magic "k8s\0", then a runtime.Unknown {typeMeta, raw} whose raw
// bytes are the object's generated protobuf. k8ts decodes only the kinds kubectl sends this way and only the
// fields they carry; anything else is 415, so the client can send JSON instead. Answers are always JSON.
import { errors } from '../api/errors';
import type { KubeObject } from '../api/types';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

type FieldType = 'string' | 'bytes' | 'int' | 'map' | Schema;
interface FieldSpec {
  name: string;
  type: FieldType;
  repeated?: boolean;
}
type Schema = Record<number, FieldSpec>;

const OBJECT_META: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  6: { name: 'resourceVersion', type: 'string' },
  11: { name: 'labels', type: 'map' },
  12: { name: 'annotations', type: 'map' },
  14: { name: 'finalizers', type: 'string', repeated: true },
};

/** Kinds kubectl creates with protobuf bodies, by kind. */
const KINDS: Record<string, Schema> = {
  Namespace: {
    1: { name: 'metadata', type: OBJECT_META },
    2: { name: 'spec', type: { 1: { name: 'finalizers', type: 'string', repeated: true } } },
    3: { name: 'status', type: { 1: { name: 'phase', type: 'string' } } },
  },
};

const UNKNOWN: Schema = {
  1: {
    name: 'typeMeta',
    type: { 1: { name: 'apiVersion', type: 'string' }, 2: { name: 'kind', type: 'string' } },
  },
  2: { name: 'raw', type: 'bytes' },
};

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  varint(): number {
    let result = 0;
    let shift = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw malformed();
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * shift;
      if (b < 0x80) return result;
      shift *= 128;
    }
    throw malformed();
  }
  bytes(): Buffer {
    const len = this.varint();
    if (this.pos + len > this.buf.length) throw malformed();
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw malformed();
    if (this.pos > this.buf.length) throw malformed();
  }
}

const malformed = () => errors.badRequest('error decoding the protobuf request body: malformed data');

/** Decodes the fields of a message that schema names; the others are skipped. */
function decode(buf: Buffer, schema: Schema, depth = 0): Record<string, unknown> {
  if (depth > 16) throw malformed();
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (r.pos < buf.length) {
    const key = r.varint();
    const field = schema[Math.floor(key / 8)];
    const wireType = key % 8;
    if (!field) {
      r.skip(wireType);
      continue;
    }
    let value: unknown;
    if (field.type === 'int') {
      if (wireType !== 0) throw malformed();
      value = r.varint();
    } else {
      if (wireType !== 2) throw malformed();
      const bytes = r.bytes();
      if (field.type === 'string') value = bytes.toString('utf8');
      else if (field.type === 'bytes') value = bytes;
      else if (field.type === 'map') {
        const entry = decode(
          bytes,
          { 1: { name: 'k', type: 'string' }, 2: { name: 'v', type: 'string' } },
          depth + 1,
        );
        const map = (out[field.name] ??= {}) as Record<string, unknown>;
        map[String(entry.k ?? '')] = entry.v ?? '';
        continue;
      } else value = decode(bytes, field.type, depth + 1);
    }
    // Go's generated marshallers write empty strings too; JSON would have omitted them.
    if (value === '' && !field.repeated) continue;
    if (field.repeated) ((out[field.name] ??= []) as unknown[]).push(value);
    else out[field.name] = value;
  }
  return out;
}

/** Decodes a Kubernetes protobuf body into the JSON object it stands for. */
export function decodeProtobuf(buf: Buffer): KubeObject {
  if (buf.length < 4 || buf.subarray(0, 4).toString('latin1') !== 'k8s\0') throw malformed();
  const unknown = decode(buf.subarray(4), UNKNOWN);
  const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const schema = typeMeta.kind ? KINDS[typeMeta.kind] : undefined;
  if (!schema || typeMeta.apiVersion !== 'v1') throw errors.unsupportedMediaType(PROTOBUF_MEDIA_TYPE);
  const raw = unknown.raw instanceof Buffer ? unknown.raw : Buffer.alloc(0);
  return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...decode(raw, schema) };
}
