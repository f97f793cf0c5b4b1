// Pods grouped by node in one virtualised list: a header row per node, then its pods with phase (coloured),
// IP, restarts and age, and the actions logs, events and delete (which asks once more before it deletes).
import type { Pod } from 'kubernetes-types/core/v1';
import { h } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { formatAge } from '../model/age';
import { displayPhase, groupPodsByNode, podKey, podRows, restarts, type PodRow } from '../model/grouping';
import { deletePod } from './api';
import { inNamespace, useLive, type LiveResource } from './cluster';
import { badge, button, PHASE_TONE, placeholder, refOf, type ViewProps } from './common';
import { VirtualList } from './virtual-list';

const ROW_HEIGHT = 30;

function PodLine({ pod, ...p }: ViewProps & { pod: Pod }) {
  const [confirming, setConfirming] = useState(false);
  const phase = displayPhase(pod);
  const ns = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  const remove = () => {
    setConfirming(false);
    deletePod(ns, name).then(
      () => p.notify(`pod "${name}" deleted`),
      (e: Error) => p.notify(`Could not delete pod "${name}": ${e.message}`, true),
    );
  };
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  return h(
    'div',
    { class: 'cells pod', 'data-pod': podKey(pod) },
    h('span', { class: 'c-name', title: name }, name),
    h('span', { class: 'c-ns' }, ns),
    h('span', { class: 'c-phase' }, badge(phase, PHASE_TONE[phase] ?? 'unknown')),
    h('span', { class: 'c-ip' }, pod.status?.podIP ?? '—'),
    h('span', { class: 'c-num' }, String(restarts(pod))),
    h('span', { class: 'c-age' }, formatAge(pod.metadata?.creationTimestamp, p.now)),
    h(
      'span',
      { class: 'c-actions' },
      button('Logs', () => p.open({ type: 'logs', of: refOf('Pod', pod), containers })),
      button('Events', () => p.open({ type: 'events', of: refOf('Pod', pod) })),
      confirming
        ? [
            button('Confirm delete', remove, { class: 'small danger' }),
            button('Cancel', () => setConfirming(false)),
          ]
        : button('Delete', () => setConfirming(true)),
    ),
  );
}

function rowOf(p: ViewProps) {
  return (row: PodRow) =>
    row.kind === 'node'
      ? h('div', { class: 'cells node-head' }, h('strong', {}, row.node), h('span', {}, `${row.count} pods`))
      : h(PodLine, { ...p, pod: row.pod });
}

export function PodsView(p: ViewProps & { pods: LiveResource<Pod> }) {
  const version = useLive(p.pods);
  const rows = useMemo(
    () => podRows(groupPodsByNode(p.pods.store.list().filter(inNamespace(p.namespace)))),
    [version, p.namespace],
  );
  const podCount = rows.length - rows.filter((r) => r.kind === 'node').length;
  return h(
    'section',
    { class: 'view' },
    h('h2', {}, `Pods `, h('small', {}, `${podCount}`)),
    placeholder(p.pods.store.status.state, podCount, 'pods', p.namespace) ??
      h(
        'div',
        {},
        h(
          'div',
          { class: 'cells header' },
          ['Name', 'Namespace', 'Phase', 'IP', 'Restarts', 'Age', ''].map((t, i) => h('span', { key: i }, t)),
        ),
        h(VirtualList<PodRow>, {
          items: rows,
          rowHeight: ROW_HEIGHT,
          height: 'calc(100vh - 190px)',
          keyOf: (r) => r.key,
          renderRow: rowOf(p),
          label: 'pods',
        }),
      ),
  );
}
