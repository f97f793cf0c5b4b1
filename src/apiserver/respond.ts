// Respond: every answer leaves through here, as application/json (kubectl has no text/plain decoder), and
// every failure as a Status object. Anything that is not a StatusError is logged and becomes a 500.
import type { ServerResponse } from 'node:http';
import { errors, StatusError } from '../api/errors';
import { encodingOf } from '../registry/codec';
import type { Logger } from '../util';

/** Sends body as JSON; `json`, when given, is body's encoding already made (and body is then ignored). */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  warnings: string[] = [],
  json?: string,
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  // A registry result made from stored bytes carries its JSON already (registry/codec rememberEncoding).
  const text = json ?? encodingOf(body) ?? JSON.stringify(body);
  const headers: Record<string, string | string[]> = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-cache, private',
  };
  if (warnings.length) headers.Warning = warnings.map(warningHeader);
  res.writeHead(code, headers);
  res.end(text);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** `Warning: 299 - "text"`, with quotes and backslashes escaped (RFC 7234 quoted-string). */
export function warningHeader(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ').replace(/[\\"]/g, (c) => `\\${c}`);
  return `299 - "${clean}"`;
}

/** Maps anything thrown into the StatusError that is sent; unexpected errors are logged first. */
export function toStatusError(err: unknown, log: Logger): StatusError {
  if (err instanceof StatusError) return err;
  log.error({ err }, 'unexpected error while serving a request');
  return errors.internal(err instanceof Error ? err.message : String(err));
}

export function sendError(res: ServerResponse, err: unknown, log: Logger): void {
  const status = toStatusError(err, log);
  if (res.headersSent) {
    // A stream (watch) is already under way: nothing sensible can be added to it.
    res.end();
    return;
  }
  sendJson(res, status.code, status.toStatus());
}
