// Events about one object (any kind), live: a list + watch of /api/v1/events with the field selector
// involvedObject.uid=<uid>, newest last, as `kubectl describe` ends.
import type { Event as KubeEvent } from 'kubernetes-types/core/v1';
import { h } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatAge } from '../model/age';
import { startFeed } from '../live/feed';
import { ObjectStore } from '../live/object-store';
import { eventsPath } from './api';
import { useStores } from './cluster';
import { badge, type ObjectRef } from './common';

const when = (e: KubeEvent) =>
  e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? '';

export function EventsPanel({ of, now }: { of: ObjectRef; now: number }) {
  const [store] = useState(() => new ObjectStore<KubeEvent>((f) => requestAnimationFrame(() => f())));
  useEffect(() => {
    const feed = startFeed({ path: eventsPath(of.uid), sink: store });
    return () => feed.stop();
  }, [of.uid]);
  const version = useStores(store);
  const events = useMemo(() => [...store.list()].sort((a, b) => when(a).localeCompare(when(b))), [version]);
  const { state, error } = store.status;
  return h(
    'div',
    { class: 'events' },
    state === 'reconnecting' ? h('p', { class: 'error' }, `Could not read events: ${error}`) : null,
    events.length === 0
      ? h(
          'p',
          { class: 'empty' },
          state === 'loading' ? 'Loading events…' : `No events for ${of.kind.toLowerCase()} "${of.name}".`,
        )
      : h(
          'table',
          { class: 'grid' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Type', 'Reason', 'Age', 'From', 'Count', 'Message'].map((t) => h('th', { key: t }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            events.map((e) =>
              h(
                'tr',
                { key: e.metadata?.name, class: 'event' },
                h('td', {}, badge(e.type ?? 'Normal', e.type === 'Warning' ? 'bad' : 'ok')),
                h('td', {}, e.reason),
                h('td', {}, formatAge(when(e), now)),
                h('td', {}, e.source?.component ?? e.reportingComponent ?? ''),
                h('td', {}, String(e.count ?? 1)),
                h('td', { class: 'msg' }, e.message),
              ),
            ),
          ),
        ),
  );
}
