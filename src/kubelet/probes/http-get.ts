// The real httpGet probe over node:http: one GET on a fresh connection (no keep-alive), redirects not followed,
// at most 10 KiB of the body read. The caller owns the deadline and aborts the signal when it passes.
import http from 'node:http';
import { dialMessage, isDialError } from './dial-error';
import type { HttpProbeRequest } from './http-request';

/** How much of a response body a probe reads, as the kubelet's maxRespBodyLength. */
export const MAX_BODY_BYTES = 10 * 1024;

export interface HttpProbeResponse {
  statusCode: number;
  /** At most MAX_BODY_BYTES of the body. */
  body: string;
}

/** Rejects with a Go-worded Error: `Get "http://…": dial tcp …: connect: connection refused`. */
export function httpGet(request: HttpProbeRequest, signal: AbortSignal): Promise<HttpProbeResponse> {
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => reject(new Error(`Get "${request.url}": ${errorWords(request, err)}`));
    let req: http.ClientRequest;
    try {
      req = http.request(
        {
          host: request.host,
          port: request.port,
          path: request.path,
          method: 'GET',
          headers: nodeHeaders(request.headers),
          agent: false, // a fresh connection per probe, as the kubelet's DisableKeepAlives
        },
        (res) => readCapped(res, resolve, fail),
      );
    } catch (err) {
      return fail(err); // e.g. a header value Node refuses to send
    }
    const onAbort = () => req.destroy(new Error('context deadline exceeded'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    req.once('close', () => signal.removeEventListener('abort', onAbort));
    req.once('error', fail);
    req.end();
  });
}

/** Reads up to MAX_BODY_BYTES of the body, then hangs up: the rest is ignored. */
function readCapped(
  res: http.IncomingMessage,
  resolve: (r: HttpProbeResponse) => void,
  fail: (err: unknown) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const done = () => {
    res.destroy();
    const body = Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString();
    resolve({ statusCode: res.statusCode ?? 0, body });
  };
  res.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_BODY_BYTES) done();
  });
  res.once('end', done);
  res.once('error', fail);
}

function errorWords(request: HttpProbeRequest, err: unknown): string {
  if (isDialError(err)) return dialMessage(request.host, request.port, err);
  return err instanceof Error ? err.message : String(err);
}

/** Node wants a repeated header as an array and Host as one string (Go sends the first Host value). */
function nodeHeaders(headers: Record<string, string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(headers)) {
    out[name] = values.length === 1 || name.toLowerCase() === 'host' ? values[0]! : values;
  }
  return out;
}
