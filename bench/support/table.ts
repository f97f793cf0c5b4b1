// Table: what every benchmark returns, and the one printer the runner uses for it.

export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** Lines printed under the table: conditions, targets met or missed. */
  notes?: string[];
}

export interface Benchmark {
  /** Selects it on the command line: `npm run bench <name>`. */
  name: string;
  description: string;
  run(): Promise<Table>;
}

const cell = (v: string | number): string =>
  typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(2)) : v;

/** Plain-text table: text columns left-aligned, numbers right-aligned. */
export function formatTable(table: Table): string {
  const text = table.rows.map((row) => row.map(cell));
  const widths = table.columns.map((c, i) => Math.max(c.length, ...text.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[], numeric: boolean[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const numeric = table.columns.map((_, i) => table.rows.some((r) => typeof r[i] === 'number'));
  return [
    table.title,
    line(table.columns, numeric),
    line(
      widths.map((w) => '-'.repeat(w)),
      numeric,
    ),
    ...text.map((r) => line(r, numeric)),
    ...(table.notes ?? []).map((n) => `  ${n}`),
  ].join('\n');
}
