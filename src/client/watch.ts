// A watch over HTTP: GET ...?watch=true answers 200 and then one JSON event per line, for as long as the
// server keeps the stream open (kubectl-wire.md §4). This turns that stream into onEvent calls and exactly
// one onClose: an ERROR event becomes its StatusError (410 Expired: relist), a clean end becomes undefined.
import type { Status } from 'kubernetes-types/meta/v1';
import { StatusError } from '../api/errors';
import type { WatchEventType } from '../api/types';
import type { ApiObject, WatchCloseHandler, WatchEvent, WatchHandle, WatchOptions } from './interface';
import { LineDecoder } from './line-decoder';
import { queryString, resourcePath } from './paths';
import { errorFromResponse } from './response-error';
import type { Transport } from './transport';

const EVENT_TYPES = new Set<WatchEventType>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

export function watchOverHttp<T extends ApiObject>(
  transport: Transport,
  resource: string,
  namespace: string | undefined,
  options: WatchOptions,
  onEvent: (event: WatchEvent<T>) => void,
  onClose: WatchCloseHandler,
): WatchHandle {
  const what = `watch ${resource}`;
  const path =
    resourcePath({ resource, namespace }) +
    queryString({
      watch: 'true',
      resourceVersion: options.resourceVersion,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      allowWatchBookmarks: options.allowWatchBookmarks ? 'true' : undefined,
      timeoutSeconds: options.timeoutSeconds,
    });

  let done = false;
  /** Ends the watch once: after this, nothing more reaches the caller. */
  const finish = (err: StatusError | undefined, notify: boolean) => {
    if (done) return;
    done = true;
    request.destroy();
    if (notify) onClose(err);
  };

  const request = transport.stream(
    { method: 'GET', path, what },
    (res) => {
      const code = res.statusCode ?? 500;
      if (code !== 200) {
        // The server refused the watch itself (e.g. 410 when the resourceVersion is already compacted).
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          finish(errorFromResponse(code, Buffer.concat(chunks).toString('utf8'), what), true),
        );
        res.on('error', () => finish(errorFromResponse(code, '', what), true));
        return;
      }
      const lines = new LineDecoder();
      const deliver = (batch: string[]) => {
        for (const line of batch) {
          if (done) return;
          const err = dispatch(line, onEvent);
          if (err) finish(err, true);
        }
      };
      res.on('data', (chunk: Buffer) => deliver(lines.write(chunk)));
      res.on('end', () => {
        deliver(lines.end());
        finish(undefined, true);
      });
      // A reset mid-stream is an ordinary end for a watcher: resume from the last resourceVersion seen.
      res.on('error', () => finish(undefined, true));
      res.on('aborted', () => finish(undefined, true));
    },
    (err) => finish(err, true),
  );

  return { stop: () => finish(undefined, false) };
}

/** Delivers one line; answers the error that ends the watch, if the line is one (or is not a watch event). */
function dispatch<T extends ApiObject>(
  line: string,
  onEvent: (e: WatchEvent<T>) => void,
): StatusError | undefined {
  let event: { type?: WatchEventType; object?: unknown };
  try {
    event = JSON.parse(line);
  } catch {
    return new StatusError(500, 'InternalError', `unable to decode watch event: ${line.slice(0, 200)}`);
  }
  if (!event || !EVENT_TYPES.has(event.type!) || typeof event.object !== 'object' || !event.object) {
    return new StatusError(500, 'InternalError', `not a watch event: ${line.slice(0, 200)}`);
  }
  if (event.type === 'ERROR') return StatusError.fromStatus(event.object as Status);
  try {
    onEvent({ type: event.type!, object: event.object as T });
  } catch (e) {
    // A throwing handler must not become an uncaught exception inside the socket's callback.
    return new StatusError(500, 'InternalError', `watch event handler failed: ${(e as Error).message}`);
  }
  return undefined;
}
