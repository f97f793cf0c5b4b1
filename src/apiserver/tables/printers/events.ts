// `kubectl get events` columns, as Kubernetes' printEvent: LAST SEEN (falling back to the first time, or the
// event time of events.k8s.io-style events), OBJECT as `kind/name` in lower case, and with -o wide the
// subobject, source, first seen, count and name.
import type { Event } from 'kubernetes-types/core/v1';
import { ageSince } from '../duration';
import { column, type Printer } from '../types';

const columns = [
  column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
  column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
  column(
    'Reason',
    "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
  ),
  column('Object', 'The object that this event is about.'),
  column('Subobject', 'The subobject (fieldPath) of the involved object this event is about.', {
    wide: true,
  }),
  column('Source', 'The component reporting this event. Should be a short machine understandable string.', {
    wide: true,
  }),
  column('Message', 'A human-readable description of the status of this operation.'),
  column(
    'First Seen',
    'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
    { wide: true },
  ),
  column('Count', 'The number of times this event has occurred.', { wide: true }),
  column('Name', 'Name must be unique within a namespace.', { wide: true, format: 'name' }),
];

function source(ev: Event): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

export const eventPrinter: Printer = {
  columns,
  cells(ev: Event, now: number) {
    const first = ev.firstTimestamp ? ageSince(ev.firstTimestamp, now) : ageSince(ev.eventTime, now);
    let last = ev.lastTimestamp ? ageSince(ev.lastTimestamp, now) : first;
    let count = ev.count ?? 0;
    if (ev.series) {
      last = ageSince(ev.series.lastObservedTime, now);
      count = ev.series.count ?? 0;
    } else if (count === 0) count = 1;
    const involved = ev.involvedObject ?? {};
    const kind = (involved.kind ?? '').toLowerCase();
    const target = involved.name ? `${kind}/${involved.name}` : kind;
    return [
      last,
      ev.type ?? '',
      ev.reason ?? '',
      target,
      involved.fieldPath ?? '',
      source(ev),
      (ev.message ?? '').trim(),
      first,
      count,
      ev.metadata?.name ?? '',
    ];
  },
};
