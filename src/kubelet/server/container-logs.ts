// GET /containerLogs/{ns}/{pod}/{container}?follow&tailLines&previous&timestamps: the runtime's log stream as
// text/plain, byte for byte. With follow the response stays open until the container's log ends or the client
// goes away (which destroys the runtime stream, so no docker log request is left behind).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, StatusError } from '../../api/errors';
import type { LogOptions, Runtime } from '../runtime/runtime';
import { flag } from './exec-channels';
import type { PodTarget } from './pod-target';

export function logOptions(query: URLSearchParams): LogOptions | StatusError {
  const options: LogOptions = {
    follow: flag(query.get('follow')),
    previous: flag(query.get('previous')),
    timestamps: flag(query.get('timestamps')),
  };
  const tail = query.get('tailLines');
  if (tail !== null) {
    if (!/^\d+$/.test(tail)) return errors.badRequest(`tailLines: invalid value ${JSON.stringify(tail)}`);
    options.tail = Number(tail);
  }
  return options;
}

export async function serveContainerLogs(
  runtime: Pick<Runtime, 'logs'>,
  target: PodTarget,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const options = logOptions(query);
  if (options instanceof StatusError) return sendStatus(res, options);
  const stream = await runtime.logs(target.uid, target.container, options);
  const stop = () => stream.destroy();
  res.on('close', stop);
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

export function sendStatus(res: ServerResponse, err: StatusError): void {
  res.writeHead(err.code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(err.toStatus()));
}
