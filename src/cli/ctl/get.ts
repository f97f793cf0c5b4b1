// `k8ts get`: lists or fetches objects and prints them as kubectl does — the server's Table columns by
// default (-o wide adds the wide ones), or whole objects (-o yaml|json|name); -w keeps printing rows as they
// change until Ctrl-C.
import type { Command } from 'commander';
import type { Table, TableRow } from '../../apiserver/tables/types';
import type { KubeObject } from '../../api/types';
import { queryString, resourcePath } from '../../client/paths';
import { runVerb } from './action';
import { getJson, TABLE_ACCEPT } from './raw-http';
import { addGlobalFlags, type GlobalFlags } from './flags';
import { processIo, type Io } from './io';
import { objectFormat, printObjects, type Typed } from './printers/object';
import { TablePrinter } from './printers/table';
import { parseTargets, type Target } from './resources';
import { namespaceFor, type Session } from './session';
import { UsageError } from './usage-error';
import { watchTableRows } from './table-watch';

export interface GetFlags extends GlobalFlags {
  selector?: string;
  fieldSelector?: string;
  output?: string;
  watch?: boolean;
}

export function registerGet(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('get')
    .description(
      'list objects as a table, or print them as yaml, json or names (e.g. `get pods`, `get rc/fe -o yaml`)',
    )
    .argument(
      '<type[/name]...>',
      'a type (pods, po, svc, rc, ep, no, ns, ev, all, or several: pods,svc) and optional names',
    )
    .option('-l, --selector <sel>', 'label selector, e.g. app=web,tier!=db')
    .option('--field-selector <sel>', 'field selector, e.g. status.phase=Running')
    .option('-o, --output <format>', 'wide, yaml, json or name')
    .option('-w, --watch', 'after listing, print each change until Ctrl-C');
  addGlobalFlags(cmd, { allNamespaces: true }).action((args: string[], f: GetFlags) =>
    runVerb(io, f, (s) => get(s, args, f)),
  );
}

export async function get(s: Session, args: string[], f: GetFlags): Promise<number> {
  const targets = parseTargets(args);
  const format = objectFormat(f.output);
  if (f.watch && new Set(targets.map((t) => t.info.resource)).size > 1)
    throw new UsageError(
      'watch is only supported on individual resources and resource collections, but several types were given',
    );
  if (format === 'table' || format === 'wide') return getTables(s, targets, f, format === 'wide');
  const items: Typed[] = [];
  for (const t of targets) {
    const ns = namespaceFor(s, t);
    if (t.name)
      items.push({ info: t.info, obj: await s.client.get<KubeObject>(t.info.resource, ns, t.name) });
    else {
      const list = await s.client.listAll(t.info.resource, ns, listOptions(f));
      items.push(...list.items.map((obj) => ({ info: t.info, obj })));
    }
  }
  const single = targets.length === 1 && targets[0]!.name !== undefined;
  s.io.out(printObjects(items, format, single));
  if (f.watch) await watchObjects(s, targets[0]!, f, format);
  return 0;
}

function listOptions(f: GetFlags) {
  return { labelSelector: f.selector, fieldSelector: f.fieldSelector };
}

async function getTables(s: Session, targets: Target[], f: GetFlags, wide: boolean): Promise<number> {
  // Named objects of one kind share one table, as kubectl prints them.
  const groups = new Map<string, { target: Target; table: Table }>();
  for (const t of targets) {
    const table = await fetchTable(s, t, f);
    const g = groups.get(t.info.resource);
    if (g) g.table.rows.push(...table.rows);
    else groups.set(t.info.resource, { target: t, table });
  }
  const withKind = groups.size > 1;
  const blocks: string[] = [];
  let last: TablePrinter | undefined;
  for (const { target, table } of groups.values()) {
    if (table.rows.length === 0 && (withKind || !f.watch)) continue;
    last = new TablePrinter(target.info, table, { wide, withNamespace: s.allNamespaces, withKind });
    blocks.push(table.rows.length ? last.render() : '');
  }
  if (blocks.length) s.io.out(blocks.join('\n'));
  else {
    const where = s.allNamespaces || !targets[0]!.info.namespaced ? '' : ` in ${s.namespace} namespace`;
    s.io.err(`No resources found${where}.\n`);
  }
  if (f.watch) {
    const { target, table } = [...groups.values()][0]!;
    const printer =
      last ?? new TablePrinter(target.info, table, { wide, withNamespace: s.allNamespaces, withKind });
    let headerDone = table.rows.length > 0;
    await watchTableRows(
      s,
      target,
      listOptions(f),
      table.metadata.resourceVersion,
      (rows: TableRow[], cols) => {
        if (cols && !table.columnDefinitions.length) table.columnDefinitions = cols;
        s.io.out(headerDone ? printer.renderRows(rows) : printer.render(rows));
        headerDone = true;
      },
    );
  }
  return 0;
}

async function fetchTable(s: Session, t: Target, f: GetFlags): Promise<Table> {
  const path =
    resourcePath({ resource: t.info.resource, namespace: namespaceFor(s, t), name: t.name }) +
    (t.name ? '' : queryString({ labelSelector: f.selector, fieldSelector: f.fieldSelector }));
  return getJson<Table>(s.config, path, TABLE_ACCEPT, `get ${t.info.resource}${t.name ? ` ${t.name}` : ''}`);
}

async function watchObjects(s: Session, t: Target, f: GetFlags, format: 'yaml' | 'json' | 'name') {
  const opts = t.name ? { fieldSelector: `metadata.name=${t.name}` } : listOptions(f);
  const list = await s.client.list(t.info.resource, namespaceFor(s, t), { ...opts, limit: 1 });
  await new Promise<void>((resolve) => {
    const handle = s.client.watch(
      t.info.resource,
      namespaceFor(s, t),
      { ...opts, resourceVersion: list.metadata?.resourceVersion },
      (e) => {
        const text = printObjects([{ info: t.info, obj: e.object }], format, true);
        s.io.out(format === 'yaml' ? `---\n${text}` : text);
      },
      () => resolve(),
    );
    s.io.signal.addEventListener('abort', () => {
      handle.stop();
      resolve();
    });
  });
}
