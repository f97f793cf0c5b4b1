// Call: what every route handler gets — the request, its response, the parsed query and the server's parts —
// plus the small decoding helpers the handlers share.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '../api/errors';
import { patchTypeFromContentType, type PatchType } from '../api/patch';
import type { KubeObject } from '../api/types';
import type { Registry } from '../registry/rest';
import type { Clock, Logger } from '../util';
import type { UserInfo } from './auth/user';
import type { ApiServerMetrics } from './metrics';
import { decodeBody, mediaType, OBJECT_MEDIA_TYPES, readBody } from './body';
import { decodeProtobuf, PROTOBUF_MEDIA_TYPE } from './protobuf';

export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  registry: Registry;
  clock: Clock;
  log: Logger;
  /** Who is asking, as the secure port's gate authenticated them; absent on the insecure port. */
  user?: UserInfo;
  /** Served at /metrics when present. */
  metrics?: ApiServerMetrics;
  /** Registers a long-running response (a watch) so that draining can end it; returns the unregister function. */
  track(end: () => void): () => void;
}

function isObject(v: unknown): v is KubeObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Reads a JSON or YAML body that must be one object (or a protobuf one of the few kinds ./protobuf knows). */
export async function readObject(call: Call): Promise<KubeObject> {
  const buf = await readBody(call.req);
  // No Content-Type means JSON, as in Kubernetes (kubectl's scale client PUTs a Scale without one).
  const media = mediaType(call.req.headers['content-type']) || 'application/json';
  if (media === PROTOBUF_MEDIA_TYPE) return decodeProtobuf(buf);
  const value = decodeBody(buf, media, OBJECT_MEDIA_TYPES);
  if (!isObject(value)) throw errors.badRequest('the request body must be a single JSON object');
  return value;
}

/** Reads an optional body (DELETE options): empty is fine, anything present must be a JSON or YAML object. */
export async function readOptionalObject(call: Call): Promise<Record<string, unknown>> {
  const buf = await readBody(call.req);
  if (!buf.toString('utf8').trim()) return {};
  const media = mediaType(call.req.headers['content-type']) || 'application/json';
  const value = decodeBody(buf, media, OBJECT_MEDIA_TYPES);
  if (!isObject(value)) throw errors.badRequest('the request body must be a single JSON object');
  return value;
}

/** Reads a patch body by its Content-Type; JSON patches are arrays, every other type an object. */
export async function readPatch(call: Call): Promise<{ type: PatchType; patch: unknown }> {
  const media = mediaType(call.req.headers['content-type']);
  const type = patchTypeFromContentType(media);
  if (!type) throw errors.unsupportedMediaType(media);
  const patch = decodeBody(await readBody(call.req), media, [media]);
  if (
    type === 'json'
      ? !Array.isArray(patch)
      : patch === null || typeof patch !== 'object' || Array.isArray(patch)
  )
    throw errors.badRequest(
      type === 'json'
        ? 'a JSON patch must be an array of operations'
        : 'the patch must be a single JSON object',
    );
  return { type, patch };
}
