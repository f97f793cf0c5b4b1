// GET /containerLogs/{ns}/{pod}/{container}?follow&tailLines&previous&timestamps&sinceSeconds|sinceTime&limitBytes:
// the runtime's log stream as text/plain, byte for byte, up to limitBytes. With follow the response stays open
// until the container's log ends, the limit is reached or the client goes away (each of which destroys the
// runtime stream, so no docker log request is left behind).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { errors, StatusError } from '../../api/errors';
import type { LogOptions, Runtime } from '../runtime/runtime';
import { flag } from './exec-channels';
import type { PodTarget } from './pod-target';

/** A query parameter that must be a whole number above `min`, or a 400 naming it. */
function count(query: URLSearchParams, name: string, min: number): number | undefined | StatusError {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) return errors.badRequest(`${name}: invalid value ${JSON.stringify(raw)}`);
  const n = Number(raw);
  if (n < min)
    return errors.badRequest(
      `${name}: Invalid value: ${n}: must be greater than${min ? '' : ' or equal to'} 0`,
    );
  return n;
}

/** The runtime's options and the byte limit (applied here) for a log request; a 400 for bad parameters. */
export function logOptions(
  query: URLSearchParams,
  now = Date.now(),
): { options: LogOptions; limitBytes?: number } | StatusError {
  const options: LogOptions = {
    follow: flag(query.get('follow')),
    previous: flag(query.get('previous')),
    timestamps: flag(query.get('timestamps')),
  };
  const tail = count(query, 'tailLines', 0);
  const sinceSeconds = count(query, 'sinceSeconds', 1);
  const limitBytes = count(query, 'limitBytes', 1);
  for (const v of [tail, sinceSeconds, limitBytes]) if (v instanceof StatusError) return v;
  if (tail !== undefined) options.tail = tail as number;
  const sinceTime = query.get('sinceTime');
  if (sinceTime !== null && sinceSeconds !== undefined)
    return errors.badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (sinceSeconds !== undefined) options.sinceMs = now - (sinceSeconds as number) * 1000;
  if (sinceTime !== null) {
    const ms = Date.parse(sinceTime);
    if (!/^\d{4}-\d\d-\d\dT/.test(sinceTime) || Number.isNaN(ms))
      return errors.badRequest(`sinceTime: invalid value ${JSON.stringify(sinceTime)}: want RFC 3339`);
    options.sinceMs = ms;
  }
  return limitBytes === undefined ? { options } : { options, limitBytes: limitBytes as number };
}

/** Passes the first `limit` bytes through, then ends (and lets the caller stop the source). */
function firstBytes(limit: number, onDone: () => void): Transform {
  let left = limit;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (left <= 0) return done();
      const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
      left -= part.length;
      this.push(part);
      if (left <= 0) {
        this.push(null);
        onDone();
      }
      done();
    },
  });
}

export async function serveContainerLogs(
  runtime: Pick<Runtime, 'logs'>,
  target: PodTarget,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const parsed = logOptions(query);
  if (parsed instanceof StatusError) return sendStatus(res, parsed);
  const stream = await runtime.logs(target.uid, target.container, parsed.options);
  const stop = () => stream.destroy();
  res.on('close', stop);
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
  stream.on('error', () => res.destroy());
  if (parsed.limitBytes === undefined) stream.pipe(res);
  else stream.pipe(firstBytes(parsed.limitBytes, stop)).pipe(res);
}

export function sendStatus(res: ServerResponse, err: StatusError): void {
  res.writeHead(err.code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(err.toStatus()));
}
