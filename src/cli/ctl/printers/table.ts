// Prints the meta.k8s.io Tables the server answers to `get`, as kubectl does: the server's columns (wide ones
// only with -o wide) under upper-case headers, a NAMESPACE column first with -A (from each row's object), and
// `kind/name` names when several kinds are shown at once.
import type { ResourceInfo } from '../../../api/resources';
import type { Table, TableRow } from '../../../apiserver/tables/types';
import { alignColumns } from './columns';

export interface TableOptions {
  wide: boolean;
  /** -A: a NAMESPACE column first. */
  withNamespace: boolean;
  /** Several kinds in one `get`: names print as `pod/web-1`. */
  withKind: boolean;
}

export class TablePrinter {
  private widths: number[] = [];

  constructor(
    private readonly info: ResourceInfo,
    private readonly table: Table,
    private readonly opts: TableOptions,
  ) {}

  /** Header and rows; the widths are kept for rows printed later (watch). */
  render(rows: TableRow[] = this.table.rows): string {
    const header = this.shownColumns().map((c) => c.name.toUpperCase());
    if (this.opts.withNamespace) header.unshift('NAMESPACE');
    const { text, widths } = alignColumns([header, ...rows.map((r) => this.cells(r))]);
    this.widths = widths;
    return text;
  }

  /** Rows with no header, aligned under what render() printed. */
  renderRows(rows: TableRow[]): string {
    return alignColumns(
      rows.map((r) => this.cells(r)),
      this.widths,
    ).text;
  }

  private shownColumns() {
    return this.table.columnDefinitions.filter((c) => this.opts.wide || c.priority === 0);
  }

  private cells(row: TableRow): string[] {
    const out: string[] = [];
    if (this.opts.withNamespace) out.push(row.object?.metadata?.namespace ?? '');
    this.table.columnDefinitions.forEach((col, i) => {
      if (!this.opts.wide && col.priority !== 0) return;
      let text = cellText(row.cells[i]);
      if (col.format === 'name' && this.opts.withKind) text = `${this.info.singular}/${text}`;
      out.push(text);
    });
    return out;
  }
}

function cellText(v: unknown): string {
  if (v === undefined || v === null) return '<none>';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
