// kubectl's column layout (Go's tabwriter: padding 3 for `get`, 2 for `describe`): every column as wide as its widest cell plus three
// spaces, the last one unpadded, no trailing spaces.

/** Lines of aligned cells; `minWidths` keeps later rows (watch events) under the first block's columns. */
export function alignColumns(
  rows: string[][],
  minWidths: number[] = [],
  padding = 3,
): { text: string; widths: number[] } {
  const widths = [...minWidths];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const lines = rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + padding)))
      .join('')
      .trimEnd(),
  );
  return { text: lines.map((l) => `${l}\n`).join(''), widths };
}
