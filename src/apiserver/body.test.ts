import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { StatusError } from '../api/errors';
import { BodyTooLarge, decodeBody, mediaType, readBody } from './body';

const JSON_TYPES = ['application/json', 'application/yaml'];

function decodeCode(text: string, media = 'application/json'): number {
  try {
    decodeBody(Buffer.from(text), media, JSON_TYPES);
    return 0;
  } catch (e) {
    return (e as StatusError).code;
  }
}

function request(chunks: Buffer[], contentLength?: number): IncomingMessage {
  const req = Readable.from(chunks) as unknown as IncomingMessage;
  req.headers = contentLength === undefined ? {} : { 'content-length': String(contentLength) };
  return req;
}

describe('decodeBody', () => {
  it('decodes JSON and YAML objects', () => {
    expect(decodeBody(Buffer.from('{"a":1}'), 'application/json', JSON_TYPES)).toEqual({ a: 1 });
    expect(
      decodeBody(Buffer.from('kind: Pod\nmetadata:\n  name: x\n'), 'application/yaml', JSON_TYPES),
    ).toEqual({
      kind: 'Pod',
      metadata: { name: 'x' },
    });
  });

  it('reads the media type without parameters', () => {
    expect(mediaType('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaType(undefined)).toBe('');
  });

  it('answers 400 for malformed, empty, over-deep or prototype-polluting bodies', () => {
    expect(decodeCode('{"a":')).toBe(400);
    expect(decodeCode('   ')).toBe(400);
    expect(decodeCode('a: [\n', 'application/yaml')).toBe(400);
    expect(decodeCode('a: 1\n---\nb: 2\n', 'application/yaml')).toBe(400);
    expect(decodeCode('a: 1\na: 2\n', 'application/yaml')).toBe(400);
    expect(decodeCode('['.repeat(5000) + ']'.repeat(5000))).toBe(400);
    expect(decodeCode('{"__proto__":{"polluted":true}}')).toBe(400);
  });

  it('answers 415 for media types it does not read', () => {
    expect(decodeCode('{}', 'text/plain')).toBe(415);
    expect(decodeCode('{}', '')).toBe(415);
  });
});

describe('readBody', () => {
  it('returns the whole body under the limit', async () => {
    expect((await readBody(request([Buffer.from('ab'), Buffer.from('c')]), 10)).toString()).toBe('abc');
  });

  it('refuses on Content-Length alone, and stops reading a body that grows past the limit', async () => {
    await expect(readBody(request([], 11), 10)).rejects.toBeInstanceOf(BodyTooLarge);
    await expect(readBody(request([Buffer.alloc(6), Buffer.alloc(6)]), 10)).rejects.toBeInstanceOf(
      BodyTooLarge,
    );
  });
});
