// Protobuf request bodies. kubectl's typed generators (`kubectl create namespace`, `kubectl create service …`)
// POST `application/vnd.kubernetes.protobuf`: the magic "k8s\0", then a runtime.Unknown {typeMeta, raw,
// contentEncoding, contentType} whose raw bytes are the object's generated protobuf. k8ts decodes the core/v1
// kinds and the review kinds (`kubectl auth can-i`, `whoami`) in ./protobuf-schemas into the JSON object they
// stand for; any other kind is 415 (kubectl then says the server cannot take it), and bytes that are not
// valid protobuf are 400. Answers are always JSON.
import { errors } from '../api/errors';
import type { KubeObject } from '../api/types';
import { SCHEMAS } from './protobuf-schemas';
import { decodeMessage, malformed, Reader } from './protobuf-wire';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = Buffer.from('k8s\0', 'latin1');

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Buffer;
  contentEncoding: string;
}

/** Reads runtime.Unknown by hand: raw must stay bytes, to be decoded with the schema its kind names. */
function readEnvelope(buf: Buffer): Envelope {
  const r = new Reader(buf);
  const env: Envelope = { apiVersion: '', kind: '', raw: Buffer.alloc(0), contentEncoding: '' };
  while (!r.done) {
    const tag = r.small();
    const field = Math.floor(tag / 8);
    if (tag % 8 !== 2 || field < 1 || field > 4) {
      r.skip(tag % 8);
      continue;
    }
    const bytes = r.bytes();
    if (field === 1) {
      const typeMeta = decodeMessage(bytes, {
        1: { name: 'apiVersion', type: 'string' },
        2: { name: 'kind', type: 'string' },
      });
      env.apiVersion = String(typeMeta.apiVersion ?? '');
      env.kind = String(typeMeta.kind ?? '');
    } else if (field === 2) env.raw = bytes;
    else if (field === 3) env.contentEncoding = bytes.toString('utf8');
  }
  return env;
}

/** Decodes a Kubernetes protobuf body into the JSON object it stands for. */
export function decodeProtobuf(buf: Buffer): KubeObject {
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC))
    throw malformed('the body does not start with the "k8s\\x00" prefix');
  const env = readEnvelope(buf.subarray(MAGIC.length));
  const kinds = Object.hasOwn(SCHEMAS, env.apiVersion) ? SCHEMAS[env.apiVersion] : undefined;
  const schema = kinds && Object.hasOwn(kinds, env.kind) ? kinds[env.kind] : undefined;
  if (!schema || env.contentEncoding) throw errors.unsupportedMediaType(PROTOBUF_MEDIA_TYPE);
  return { apiVersion: env.apiVersion, kind: env.kind, ...decodeMessage(env.raw, schema) };
}
