// `get -w` in table form: a watch that asks for Tables, so every event is one row in the server's columns
// (the first event may carry the columns). Runs until Ctrl-C (io.signal) or until the server ends the stream.
import type { TableColumnDefinition, TableRow } from '../../apiserver/tables/types';
import type { ListOptions } from '../../client';
import { LineDecoder } from '../../client/line-decoder';
import { queryString, resourcePath } from '../../client/paths';
import { StatusError } from '../../api/errors';
import type { Status } from '../../api/types';
import { openStream, TABLE_ACCEPT } from './raw-http';
import type { Target } from './resources';
import { namespaceFor, type Session } from './session';

type OnRows = (rows: TableRow[], columns: TableColumnDefinition[] | undefined) => void;

export async function watchTableRows(
  s: Session,
  t: Target,
  opts: ListOptions,
  resourceVersion: string | undefined,
  onRows: OnRows,
): Promise<void> {
  const path =
    resourcePath({ resource: t.info.resource, namespace: namespaceFor(s, t) }) +
    queryString({
      watch: 'true',
      resourceVersion,
      labelSelector: opts.labelSelector,
      fieldSelector: t.name ? `metadata.name=${t.name}` : opts.fieldSelector,
    });
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  s.io.signal.addEventListener('abort', onAbort);
  try {
    const res = await openStream(s.config, path, TABLE_ACCEPT, `watch ${t.info.resource}`, abort.signal);
    const lines = new LineDecoder();
    const deliver = (batch: string[]) => {
      for (const line of batch) {
        const event = JSON.parse(line) as {
          type: string;
          object: { rows?: TableRow[]; columnDefinitions?: TableColumnDefinition[] };
        };
        if (event.type === 'ERROR') throw StatusError.fromStatus(event.object as Status);
        if (event.type === 'BOOKMARK') continue;
        onRows(event.object.rows ?? [], event.object.columnDefinitions);
      }
    };
    await new Promise<void>((resolve, reject) => {
      res.on('data', (c: Buffer) => {
        try {
          deliver(lines.write(c));
        } catch (e) {
          res.destroy();
          reject(e);
        }
      });
      res.on('end', () => resolve());
      res.on('close', () => resolve());
      res.on('error', () => resolve());
    });
  } catch (e) {
    if (!abort.signal.aborted) throw e;
  } finally {
    s.io.signal.removeEventListener('abort', onAbort);
  }
}
