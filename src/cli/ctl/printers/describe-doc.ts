// The text layout of `describe`: `Key:  value` lines with values aligned, indented sub-sections, and small
// tables (Conditions, Events) — kubectl's PrefixWriter, kept as plain lines.
import { humanDuration } from '../../../apiserver/tables/duration';
import type { Event } from '../../../api/types';
import { alignColumns } from './columns';

type Entry = { field: true; indent: number; key: string; value: string } | { field: false; text: string };

export class DescribeDoc {
  private readonly entries: Entry[] = [];

  /** `Key:  value` at `indent` levels (two spaces each); the values of consecutive fields line up. */
  field(key: string, value: unknown, indent = 0): this {
    const text = value === undefined || value === null || value === '' ? '<none>' : String(value);
    this.entries.push({ field: true, indent, key, value: text });
    return this;
  }

  line(text: string, indent = 0): this {
    this.entries.push({ field: false, text: `${'  '.repeat(indent)}${text}` });
    return this;
  }

  /** `Key:` and an aligned table below it, or `Key:  <none>` when there are no rows. */
  table(key: string, header: string[], rows: string[][], indent = 0): this {
    if (!rows.length) return this.field(key, '<none>', indent);
    this.line(`${key}:`, indent);
    const text = alignColumns([header, header.map((h) => '-'.repeat(h.length)), ...rows], [], 2).text;
    for (const l of text.trimEnd().split('\n')) this.line(l, indent + 1);
    return this;
  }

  /** The Events section: type, reason, age (first seen), source and message, oldest first. */
  events(events: Event[], now: number): this {
    const sorted = [...events].sort((a, b) => time(a).localeCompare(time(b)));
    const rows = sorted.map((e) => [
      e.type ?? 'Normal',
      e.reason ?? '',
      age(time(e), now),
      e.source?.component ?? e.reportingComponent ?? '',
      e.message ?? '',
    ]);
    return this.table('Events', ['Type', 'Reason', 'Age', 'From', 'Message'], rows);
  }

  /** Like Go's tabwriter (padding 2): each run of consecutive fields is one column block. */
  toString(): string {
    const out: string[] = [];
    let i = 0;
    while (i < this.entries.length) {
      const e = this.entries[i]!;
      if (!e.field) {
        out.push(e.text);
        i++;
        continue;
      }
      let j = i;
      const run: Extract<Entry, { field: true }>[] = [];
      for (; j < this.entries.length; j++) {
        const f = this.entries[j]!;
        if (!f.field) break;
        run.push(f);
      }
      const head = (f: (typeof run)[number]) => `${'  '.repeat(f.indent)}${f.key}:`;
      const width = Math.max(...run.map((f) => head(f).length)) + 2;
      for (const f of run) out.push(`${head(f).padEnd(width)}${f.value}`);
      i = j;
    }
    return out.map((l) => `${l}\n`).join('');
  }
}

const time = (e: Event) =>
  e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? '';

export function age(ts: string | undefined, now: number): string {
  if (!ts) return '<unknown>';
  const t = Date.parse(ts);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

export const formatMap = (m: Record<string, string> | undefined, sep = '=') =>
  Object.keys(m ?? {}).length
    ? Object.entries(m!)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}${sep}${v}`)
        .join(',')
    : '<none>';
