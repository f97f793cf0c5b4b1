// Nodes: Ready condition, address, and for cpu, memory and pods what the node offers next to what the
// requests of the pods bound to it add up to (with a bar), as the scheduler sees it.
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { h } from 'preact';
import { useMemo } from 'preact/hooks';
import { formatAge } from '../model/age';
import { allocatedRequests, formatCpu, formatMemory, nodeCapacity } from '../model/allocated';
import { groupPodsByNode } from '../model/grouping';
import { useLive, type LiveResource } from './cluster';
import { badge, button, placeholder, refOf, type ViewProps } from './common';

function readiness(node: Node): { text: string; tone: string } {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const text = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
  const tone = text === 'Ready' ? 'ok' : text === 'NotReady' ? 'bad' : 'unknown';
  return node.spec?.unschedulable ? { text: `${text},SchedulingDisabled`, tone } : { text, tone };
}

function usage(used: number, total: number, fmt: (n: number) => string) {
  const pct = total > 0 ? Math.min(100, Math.round((used / total) * 100)) : 0;
  return h(
    'div',
    { class: 'usage', title: `${pct}%` },
    h('span', {}, `${fmt(used)} / ${fmt(total)}`),
    h(
      'div',
      { class: 'bar' },
      h('div', { class: pct > 90 ? 'fill hot' : 'fill', style: { width: `${pct}%` } }),
    ),
  );
}

export function NodesView(p: ViewProps & { nodes: LiveResource<Node>; pods: LiveResource<Pod> }) {
  const version = useLive(p.nodes, p.pods);
  const rows = useMemo(() => {
    const byNode = groupPodsByNode(p.pods.store.list());
    return [...p.nodes.store.list()]
      .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '', 'en', { numeric: true }))
      .map((node) => ({ node, used: allocatedRequests(byNode.get(node.metadata?.name ?? '') ?? []) }));
  }, [version]);
  return h(
    'section',
    { class: 'view' },
    h('h2', {}, 'Nodes ', h('small', {}, String(rows.length))),
    placeholder(p.nodes.store.status.state, rows.length, 'nodes', '') ??
      h(
        'table',
        { class: 'grid' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Name', 'Status', 'Address', 'CPU requests', 'Memory requests', 'Pods', 'Age', ''].map((t) =>
              h('th', { key: t }, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map(({ node, used }) => {
            const cap = nodeCapacity(node);
            const r = readiness(node);
            const addr = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '—';
            return h(
              'tr',
              { key: node.metadata?.name, 'data-node': node.metadata?.name },
              h('td', {}, node.metadata?.name),
              h('td', {}, badge(r.text, r.tone)),
              h('td', {}, addr),
              h('td', {}, usage(used.cpuMilli, cap.cpuMilli, formatCpu)),
              h('td', {}, usage(used.memoryBytes, cap.memoryBytes, formatMemory)),
              h('td', {}, usage(used.pods, cap.pods, String)),
              h('td', {}, formatAge(node.metadata?.creationTimestamp, p.now)),
              h(
                'td',
                {},
                button('Events', () => p.open({ type: 'events', of: refOf('Node', node) })),
              ),
            );
          }),
        ),
      ),
  );
}
