// Replication controllers: desired / current / ready replicas and the selector, with a scale control that
// patches the scale subresource as `kubectl scale` does.
import type { ReplicationController } from 'kubernetes-types/core/v1';
import { h } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { formatAge } from '../model/age';
import { objectKey } from '../live/object-store';
import { scaleRc } from './api';
import { inNamespace, useLive, type LiveResource } from './cluster';
import { button, placeholder, refOf, selectorText, type ViewProps } from './common';

function ScaleControl({ rc, notify }: { rc: ReplicationController; notify: ViewProps['notify'] }) {
  const desired = rc.spec?.replicas ?? 1;
  const [value, setValue] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const name = rc.metadata?.name ?? '';
  const submit = (e: Event) => {
    e.preventDefault();
    const n = Number(value ?? desired);
    if (!Number.isInteger(n) || n < 0)
      return notify(`Replicas must be a whole number of at least 0, not "${value}"`, true);
    setBusy(true);
    scaleRc(rc.metadata?.namespace ?? '', name, n).then(
      () => {
        setBusy(false);
        setValue(undefined);
        notify(`replicationcontroller "${name}" scaled to ${n}`);
      },
      (err: Error) => {
        setBusy(false);
        notify(`Could not scale "${name}": ${err.message}`, true);
      },
    );
  };
  return h(
    'form',
    { class: 'scale', onSubmit: submit },
    h('input', {
      type: 'number',
      min: 0,
      'aria-label': `replicas of ${name}`,
      value: value ?? String(desired),
      onInput: (e: Event) => setValue((e.target as HTMLInputElement).value),
    }),
    h('button', { type: 'submit', class: 'small', disabled: busy }, busy ? 'Scaling…' : 'Scale'),
  );
}

export function RcsView(p: ViewProps & { rcs: LiveResource<ReplicationController> }) {
  const version = useLive(p.rcs);
  const rcs = useMemo(
    () =>
      p.rcs.store
        .list()
        .filter(inNamespace(p.namespace))
        .sort((a, b) => objectKey(a).localeCompare(objectKey(b))),
    [version, p.namespace],
  );
  return h(
    'section',
    { class: 'view' },
    h('h2', {}, 'Replication controllers ', h('small', {}, String(rcs.length))),
    placeholder(p.rcs.store.status.state, rcs.length, 'replication controllers', p.namespace) ??
      h(
        'table',
        { class: 'grid' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Name', 'Namespace', 'Desired', 'Current', 'Ready', 'Selector', 'Age', 'Scale', ''].map((t) =>
              h('th', { key: t }, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          rcs.map((rc) =>
            h(
              'tr',
              { key: objectKey(rc), 'data-rc': objectKey(rc) },
              h('td', {}, rc.metadata?.name),
              h('td', {}, rc.metadata?.namespace),
              h('td', { class: 'c-desired' }, String(rc.spec?.replicas ?? 1)),
              h('td', { class: 'c-current' }, String(rc.status?.replicas ?? 0)),
              h('td', { class: 'c-ready' }, String(rc.status?.readyReplicas ?? 0)),
              h('td', { class: 'mono' }, selectorText(rc.spec?.selector)),
              h('td', {}, formatAge(rc.metadata?.creationTimestamp, p.now)),
              h('td', {}, h(ScaleControl, { rc, notify: p.notify })),
              h(
                'td',
                {},
                button('Events', () => p.open({ type: 'events', of: refOf('ReplicationController', rc) })),
              ),
            ),
          ),
        ),
      ),
  );
}
