// Body: reads a request body under the 3 MiB limit (refusing early on Content-Length, and stopping the
// moment a chunked body grows past it) and decodes it by Content-Type: JSON, YAML, or one of the patch types.
// Decoded values are checked for depth and `__proto__` keys, so no later recursive walk can be made to blow up.
import type { IncomingMessage } from 'node:http';
import { errors } from '../api/errors';
import { decodeYaml } from '../api/yaml';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;
const MAX_DEPTH = 200;

/** Thrown by readBody when the limit is passed; the caller answers 413 and closes the connection. */
export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The media type without parameters, lower-cased: "application/json; charset=utf-8" → "application/json". */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function checkShape(value: unknown): void {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > MAX_DEPTH)
      throw errors.badRequest(`the request body is nested more than ${MAX_DEPTH} levels deep`);
    if (Array.isArray(v)) {
      for (const item of v) stack.push({ v: item, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (key === '__proto__')
        throw errors.badRequest('the request body may not contain the field "__proto__"');
      stack.push({ v: (v as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`error decoding the request body as JSON: ${(e as Error).message}`);
  }
}

function parseYaml(text: string): unknown {
  try {
    return decodeYaml(text);
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw errors.badRequest(`error decoding the request body as YAML: ${msg}`);
  }
}

/**
 * Decodes a JSON or YAML body (YAML for application/yaml and apply-patch+yaml) if its media type is one of
 * `accepted`; anything else → 415.
 */
export function decodeBody(buf: Buffer, media: string, accepted: readonly string[]): unknown {
  if (!accepted.includes(media)) throw errors.unsupportedMediaType(media);
  const text = buf.toString('utf8');
  if (!text.trim()) throw errors.badRequest('the request body is empty');
  const isYaml = media === 'application/yaml' || media === 'application/apply-patch+yaml';
  const value = isYaml ? parseYaml(text) : parseJson(text);
  checkShape(value);
  return value;
}

export const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml'] as const;
